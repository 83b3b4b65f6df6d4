//! Sentence-level claim building: transfers and figures (rules in the crate docs).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;
use tally_model::{
    Attribution, AttributionKind, BlockKind, Claim, ClaimKind, DateBasis, DateWindow, DatedWindow, Evidence,
    Qualifier, Quantity, Span, Status, Subject,
};
use tally_parser::Normalised;

use crate::dates::{self, DateExpr};
use crate::quantity::{self, Found};
use crate::tagger::{self, Cat};
use crate::{parties, rules, sentences, ArticleFacts, ClaimNote};

/// Whether a (non-English) text names a claim's subject, by its tags.
fn tagged_subject(text: &str) -> bool {
    tagger::tag(text).iter().any(|t| matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People))
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

const REMAINS_NOUN_PATTERN: &str = r"(?i)(?-u:\b)(?:bodies|body|(?:the|their|his|her|its|no|any|human|mortal|whose|[\d,]+|\w+[’']s?|Russian|Ukrainian)\s+remains|remains\s+of|corpses?|dead|fallen|killed|deceased|perished)(?-u:\b)";
const PRISONER_NOUN_PATTERN: &str =
    r"(?i)(?-u:\b)(?:prisoners?|POWs?|captives|detainees|hostages|internees)(?-u:\b)";
const SOLDIER_NOUN_PATTERN: &str = r"(?i)(?-u:\b)(?:soldiers?|troops|servicemen|servicemembers|service members|military|personnel|civilians|defenders|fighters|marines|sailors|officers|contingent|POWs?|prisoners?)(?-u:\b)";
const CAPTIVITY_PATTERN: &str =
    r"(?i)(?-u:\b)(?:captivity|held captive|being held|detained|imprisoned)(?-u:\b)";
const KILLED_PATTERN: &str = r"(?i)(?-u:\b)(?:killed|died|dead|death toll|deaths|casualties|fallen)(?-u:\b)";
/// The English lexicon's plural demonyms ("Palestinians"), which name people.
fn nationals_alternation() -> String {
    let forms = tally_lexicon::language("en").map(|l| l.words("nationals")).unwrap_or(&[]);
    let mut forms: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    forms.push("(?-u:\\b)nationals-never-match(?-u:\\b)".into());
    forms.join("|")
}
static NATIONALS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", nationals_alternation())));
/// Any word a claim's subject needs (remains, prisoners, soldiers, captivity,
/// the dead, a people): a sentence without one makes no claim, so the other
/// patterns are not run on it, and an article without one is not split into claims.
static SUBJECT_VOCABULARY: LazyLock<Regex> = LazyLock::new(|| {
    re(&[
        REMAINS_NOUN_PATTERN,
        PRISONER_NOUN_PATTERN,
        SOLDIER_NOUN_PATTERN,
        CAPTIVITY_PATTERN,
        KILLED_PATTERN,
        NATIONALS.as_str(),
    ]
    .map(|p| format!("(?:{p})"))
    .join("|"))
});

/// A quick test that can only fail where [`SUBJECT_VOCABULARY`] fails too:
/// one of the words its alternatives all contain, case-insensitive as they
/// are. Plain words let the regex engine skip through text with a literal
/// search; the vocabulary's `\w+ remains` cannot, and most text has none.
static SUBJECT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)bodies|body|remains|corpse|dead|fallen|killed|deceased|perished|prisoner|pow|captive|detainee|hostage|internee|soldier|troops|servicem|service members|military|personnel|civilians|defenders|fighters|marines|sailors|officers|contingent|captivity|being held|detained|imprisoned|died|death|casualties|{}",
        nationals_alternation()
    ))
});

/// Whether `text` names anything a claim can be about ([`SUBJECT_VOCABULARY`]).
fn names_a_subject(text: &str) -> bool {
    SUBJECT_WORD.is_match(text) && SUBJECT_VOCABULARY.is_match(text)
}

static TRANSFER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:returned|returns|return|returning|handed (?:over|back)|hand(?:s|ing)? (?:over|back)|transferred|transfers|transfer|transferring|delivered|delivers|deliver|sent|send|sends|gave|give|gives|given|repatriated|repatriates|repatriate|released|releases|release|freed|received|receives|receive|receiving|got back|took back|exchanged|exchanging|swapped|swapping|came home|come home|touched down|arrived|(?:brought|brings|bring|bringing) (?:home|back))(?-u:\b)",
    )
});
static RECEIVE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:received|receives|receive|receiving|got back|took back|(?:brought|brings|bring|bringing) (?:home|back))$",
    )
});
/// A transfer verb that names no direction.
static SWAP_VERB: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:exchanged|exchanging|swapped|swapping)$"));
static ARRIVE_VERB: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:came home|come home|touched down|arrived)$"));
/// A verb form used as a noun or infinitive: "the returned bodies", "to return".
static NOMINAL_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:the|a|an|of|for|this|that|its|their|his|her)\s+$"));
static TRANSFER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:exchanges?|swaps?|handovers?|hand-overs?|repatriations?|transfers?|returns?)(?-u:\b)")
});
static EVENT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:took place|take place|taking place|takes place|was carried out|were carried out|carried out|carry out|conducted|completed|happened|occurred|underway|under way|commence|commenced|began|begun|held|scheduled|planned for|set for)(?-u:\b)",
    )
});
static REMAINS_NOUN: LazyLock<Regex> = LazyLock::new(|| re(REMAINS_NOUN_PATTERN));
static BODY_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:bodies|body|(?:the|their|his|her|its|no|any|human|mortal|whose|[\d,]+|\w+[’']s?|Russian|Ukrainian)\s+remains|remains\s+of|corpses?)(?-u:\b)",
    )
});
static PRISONER_NOUN: LazyLock<Regex> = LazyLock::new(|| re(PRISONER_NOUN_PATTERN));
static PEOPLE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:soldiers?|troops|servicemen|servicemembers|service members|personnel|military|men|women|civilians|defenders|fighters|people|names|citizens|children|prisoners?|POWs?|captives|detainees|hostages|bodies|body|remains|corpses?|persons|marines|sailors|officers|contingent)(?-u:\b)",
    )
});
static SOLDIER_NOUN: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("{SOLDIER_NOUN_PATTERN}|{}", NATIONALS.as_str())));
static PEOPLE_MOVED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:returned|returns|return|returning|released|releases|release|freed|repatriated|repatriates|came home|come home|touched down|arrived|brought home)(?-u:\b)",
    )
});
static PARITY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:the same number|parity|equal numbers?|one[- ]for[- ]one|like[- ]for[- ]like)(?-u:\b)")
});
/// "Russia and Ukraine each released 84", "swapped 84 prisoners each": the
/// same count went each way.
macro_rules! each_way {
    () => {
        concat!(
            r"each (?:released|freed|returned|handed over|handed back|exchanged|swapped|sent|received|gave|got|brought home|repatriated|transferred|sent home)(?-u:\b)",
            r"|[0-9][0-9,]*(?:\s+[\w-]+){1,4}?\s+each(?:\s*[,.;:]|\s*$|\s+(?:on|in|at|from|side|way|after|under|as|and|with|via|during|this|last|today|yesterday)(?-u:\b))"
        )
    };
}
static SWAP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?-u:\b)(?:(?:exchanges?|exchanged|exchanging|swaps?|swapped|swapping|each side|either side|both sides|each (?:country|nation|party)|parity)(?-u:\b)|",
        each_way!(),
        r")"
    ))
});
static EACH_SIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?-u:\b)(?:(?:each side|either side|each other|from both sides|on each side|each (?:country|nation|party))(?-u:\b)|",
        each_way!(),
        r")"
    ))
});
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:total|totals|so far|in all|altogether|to date|cumulative|overall|since the start|since the beginning)(?-u:\b)",
    )
});
/// A stretch of time a count adds up over.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:over|in|during|within|across)\s+(?:the\s+)?(?:past\s+|last\s+|next\s+|following\s+)?(?:two|three|four|five|six|seven|several|few|\d+)\s+(?:days|weeks|months)(?-u:\b)",
    )
});
/// "managed to return": the subject got its own people back.
static MANAGED_TO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:managed to|was able to|were able to|succeeded in|has secured|secured)\s+$")
});
/// What introduces the other way's count of a swap.
static EXCHANGE_FOR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:in exchange for|in return for|in a swap for|for)\s+$"));
/// A number that starts a length of time.
static DAYS_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s+(?:days|weeks|months)(?-u:\b)"));
/// A question, or a sentence that opens with a condition: no completed
/// transfer ("If Russia hands over 260 prisoners, Ukraine would ...").
static QUESTION_OR_CONDITION: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?:^\s*["“]?(?:If|Unless|Should|Were|Whether)(?-u:\b)|\?\s*["”’']?\s*$)"#));
/// What ends the words before a count that is part of an earlier one.
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:(?-u:\b)(?:including|among them|among whom|of whom|of them|incl\.)|[a-z]+\s*[–—])\s*$")
});
/// A dash after a counted noun: what follows breaks the count down.
static DASH_END: LazyLock<Regex> = LazyLock::new(|| re(r"[–—]\s*$"));
/// "35 of them": a part of the count before.
static PART_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s+of (?:them|those|whom)(?-u:\b)"));
static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:will|would|shall|should|scheduled|plans?|planned|planning|expected to|due to|set to|is to|are to|upcoming|going to|prepared to|ready to|agreed to|intends? to)(?-u:\b)",
    )
});
static FAILED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:did not|didn't|does not|doesn't|don't|do not|has not|have not|had not|hasn't|haven't|failed to|failing to|refused to|never)\s+(?:\w+\s+){0,2}?(?:return|returned|hand|handed|transfer|transferred|deliver|delivered|send|sent|give|given|receive|received|take|took|release|released|exchange|swap|arrive|show up|happen|take place)(?-u:\b)|(?-u:\b)(?:postponed|cancelled|canceled|called off|collapsed|fell through)(?-u:\b)",
    )
});
/// Words before "in X" that place captives, not send them.
static HELD_BEFORE_IN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:held|captive|detained|imprisoned|jailed|kept)(?:\s+\w+)?\s+in$"));
/// A plan that failed, whatever the plan words around it.
static FELL_THROUGH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:postponed|cancelled|canceled|called off|collapsed|fell through|derailed|broke down)(?-u:\b)",
    )
});
static ZERO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:not\s+(?:\w+\s+){0,3}?(?:a single|any)\s+(?:[\w’']+\s+)?(?:bodies|body|remains|corpses?|prisoners?|POWs?|soldiers|troops)|no(?:\s+[\w’']+)?\s+(?:bodies|remains|corpses|prisoners|POWs)|none of)(?-u:\b)",
    )
});
static NO_INHERIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:earlier|previously|so far|in total|since|last (?:week|month|year)|before)(?-u:\b)")
});
static CAPTIVITY: LazyLock<Regex> = LazyLock::new(|| re(CAPTIVITY_PATTERN));
static KILLED: LazyLock<Regex> = LazyLock::new(|| re(KILLED_PATTERN));

// Attribution.
/// Any word [`attribute`] looks for: a sentence without one names no speaker.
static SPEECH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:according to)|(?-u:\b)(?:said|says|told|announced|stated|added|noted|confirmed|reported|wrote|expressed|indicated|claimed|posted|shared)(?-u:\b)",
    )
});
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\baccording to\s+(?P<who>[^,.;:\x22“”]+)"));
/// The speakers "X said" names, in the order the regex prefers them: "a
/// source (of ...)", a run of capitalised words, a pronoun or office.
const SAID_WHO: [&str; 3] = [
    r"(?-u:\b)[Aa] source(?: [\w’'-]+){0,5}",
    r"(?-u:\b)(?:[A-Z][\w’'.-]*)(?:\s+(?:of the |of |for the )?[A-Z][\w’'.-]*)*",
    r"(?-u:\b)(?:he|she|they|the source|the agency|the ministry|officials|authorities(?: in [\w ]+)?)(?-u:\b)",
];
/// What follows the speaker: "X said", "X, also told".
const SAID_VERB: &str = r"\s*,?\s+(?:also\s+)?(?:said|says|told|announced|stated|added|noted|confirmed|reported|wrote|expressed|indicated|claimed|posted|shared)(?-u:\b)";
/// "X said" as one regex per kind of speaker ([`said_who`] combines them).
/// As one alternation the engine searches backwards from every speech verb
/// through all three kinds at once, and its lazy DFA builds a new state for
/// almost every sentence (most of the cost of attribution).
static SAID: LazyLock<[Regex; 3]> =
    LazyLock::new(|| SAID_WHO.map(|who| re(&format!("(?P<who>{who}){SAID_VERB}"))));

/// The speaker of the leftmost "X said" of `text`, as `(?P<who>A|B|C)verb`
/// would capture it: the match that starts first, and of those starting at
/// the same place the earliest alternative (leftmost-first).
fn said_who(text: &str) -> Option<&str> {
    let mut best: Option<(usize, &str)> = None;
    for regex in SAID.iter() {
        if let Some(c) = regex.captures(text) {
            let start = c.get(0).expect("match").start();
            if best.is_none_or(|(s, _)| start < s) {
                best = Some((start, c.name("who").expect("group").as_str()));
            }
        }
    }
    best.map(|(_, who)| who)
}
static SAID_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\x22|”|’|,)\s*(?:the\s+)?(?P<who>[\w’' ]*?(?:source|agency|ministry|official|spokesperson)[\w’' ]*?|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s+(?:also\s+)?(?:said|says|stated|added|noted|told)(?-u:\b)",
    )
});
static TOLD: LazyLock<Regex> = LazyLock::new(|| re(r"\btold\s+(?P<via>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"));
static CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bon\s+(?P<ch>Telegram|X|Twitter|Facebook|Instagram|social media|state television|television|TV|VKontakte)(?-u:\b)",
    )
});
const MEDIA: &[&str] =
    &["TASS", "RIA", "RIA Novosti", "Sputnik", "Reuters", "AFP", "AP", "Interfax", "Ukrinform", "BBC", "CNN"];
const PRONOUNS: &[&str] = &["he", "she", "they", "the source", "the agency", "the ministry"];

/// Longer "sentences" (run-on text, tables, code) make no claims: this
/// bounds the work per sentence.
const MAX_SENTENCE: usize = 4096;

/// One sentence (or clause) of the body.
struct Sentence<'a> {
    text: &'a str,
    span: Span,
    /// Byte offset of `text` in its block text, and the block index.
    offset: usize,
    block: usize,
}

/// A claim before ids, dates and attribution are settled.
pub(crate) struct Draft {
    pub(crate) kind: ClaimKind,
    pub(crate) subject: Subject,
    pub(crate) quantity: Option<Found>,
    pub(crate) from: Option<&'static str>,
    pub(crate) to: Option<&'static str>,
    pub(crate) status: Status,
    pub(crate) date: Option<DateExpr>,
    /// The name of the rule that made it.
    pub(crate) rule: &'static str,
}

/// Builds the facts of one article.
pub(crate) fn extract_article(doc: &Normalised) -> ArticleFacts {
    // A dated article in which no sentence can make a claim needs nothing
    // more: no claims, and no dating. Most articles of a general corpus are
    // such, and are told apart by the cheap tests below.
    let no_claims = |published: &DatedWindow| ArticleFacts {
        article_id: doc.article.id.clone(),
        published: Some(published.clone()),
        claims: vec![],
        date_exprs: vec![],
        weekdays: vec![],
        year: Some(published.end.year()),
        capped: vec![],
        notes: vec![],
    };
    if let Some(published) = &doc.article.published {
        let subject_named = doc.article.body.iter().any(|b| {
            is_prose(b.kind)
                && (names_a_subject(&b.text) || (tagger::is_cyrillic(&b.text) && tagged_subject(&b.text)))
        });
        if !subject_named {
            return no_claims(published);
        }
    }
    let sentences = split_body(doc);
    let cyrillic: Vec<bool> = sentences.iter().map(|s| tagger::is_cyrillic(s.text)).collect();
    let candidates: Vec<bool> = sentences
        .iter()
        .zip(&cyrillic)
        .map(|(s, &c)| if c { tagged_subject(s.text) } else { could_make_a_claim(s.text) })
        .collect();
    if let Some(published) = &doc.article.published {
        if !candidates.contains(&true) {
            return no_claims(published);
        }
    }
    let all_dates: Vec<Vec<(DateExpr, usize, usize)>> = sentences
        .iter()
        .zip(&cyrillic)
        .map(|(s, &c)| if c { tagger::dates(s.text, &tagger::tag(s.text)) } else { dates::find_all(s.text) })
        .collect();
    let year = doc.article.published.as_ref().map(|p| p.end.year()).or_else(|| latest_year(&all_dates));
    let published = doc.article.published.clone().or_else(|| estimate_published(&sentences, &all_dates));
    let anchor = published.as_ref().map(DatedWindow::window);
    let (first, second) = main_parties(&sentences);
    // "the same number of POWs", "a parity exchange": prisoners move both ways
    let parity = sentences.iter().any(|s| PARITY.is_match(s.text) && PRISONER_NOUN.is_match(s.text));
    let outlet = doc.article.outlet.clone().unwrap_or_else(|| "the outlet".to_string());

    let mut facts = ArticleFacts {
        article_id: doc.article.id.clone(),
        published: published.clone(),
        claims: vec![],
        date_exprs: vec![],
        weekdays: all_dates
            .iter()
            .flatten()
            .filter(|(e, _, _)| matches!(e, DateExpr::Weekday { .. }))
            .map(|(e, _, _)| e.clone())
            .collect(),
        year,
        capped: vec![],
        notes: vec![],
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut last_speaker: Option<Attribution> = None;
    // (sentence index, date expression) of the last transfer statement with its own date.
    let mut last_dated: Option<(usize, DateExpr)> = None;
    let mut previous_day: Option<NaiveDate> = None;
    let mut last_direction: BTreeMap<Subject, (Option<&'static str>, Option<&'static str>)> = BTreeMap::new();
    for (index, s) in sentences.iter().enumerate() {
        // Only a sentence with a speech verb names a speaker; the others are
        // attributed (to the outlet) only if they make a claim.
        let spoken = if cyrillic[index] {
            rules::attribution(s.text, &last_speaker, &outlet)
        } else {
            SPEECH.is_match(s.text).then(|| attribute(s.text, &last_speaker, &outlet))
        };
        if let Some(attribution) = spoken.as_ref().filter(|a| a.kind != AttributionKind::Outlet) {
            last_speaker = Some(attribution.clone());
        }
        if !seen.insert(s.text.to_string()) {
            continue; // a repeat says nothing new
        }
        let own_dates: Vec<DateExpr> = all_dates[index]
            .iter()
            .map(|(e, _, _)| match e {
                DateExpr::FollowingDay => following(&last_dated, previous_day),
                other => other.clone(),
            })
            .collect();
        for e in &own_dates {
            if matches!(e, DateExpr::Weekday { future: true, .. }) && !facts.weekdays.contains(e) {
                facts.weekdays.push(e.clone());
            }
        }
        let drafts = if candidates[index] && cyrillic[index] {
            rules::sentence_drafts(s.text, (first, second), &own_dates)
        } else if candidates[index] {
            sentence_drafts(s.text, (first, second), &own_dates)
        } else {
            Drafts::default()
        };
        if drafts.capped {
            facts.capped.push(s.span);
        }
        let mut drafts = drafts.list;
        drafts.extend(rules::ordinal_figures(s.text, &own_dates));
        if drafts.is_empty() {
            continue;
        }
        if parity {
            mirror_prisoner_returns(&mut drafts);
        }
        let attribution = spoken.unwrap_or_else(|| attribute(s.text, &last_speaker, &outlet));
        for mut draft in drafts {
            if draft.kind == ClaimKind::Transfer {
                // "a similar handover of 1,200 bodies": the direction of the last one
                if draft.from.is_none() && draft.to.is_none() {
                    if let Some((f, t)) = last_direction.get(&draft.subject) {
                        (draft.from, draft.to) = (*f, *t);
                    }
                } else if draft.from.is_some()
                    && draft.to.is_some()
                    && draft.quantity.as_ref().is_some_and(|q| q.value > 0)
                {
                    last_direction.insert(draft.subject, (draft.from, draft.to));
                }
                if draft.from.is_none() && draft.to.is_none() {
                    continue; // nobody hands over or receives: not a transfer we can record
                }
                if draft.date.is_some() {
                    last_dated = Some((index, draft.date.clone().expect("checked")));
                } else if let Some((at, expr)) = &last_dated {
                    // a swap with no count per side only joins events; given a
                    // borrowed day it would make one
                    let borrowable = draft.rule != "swap-undisclosed";
                    if index - at <= 2 && borrowable && !NO_INHERIT.is_match(s.text) {
                        draft.date = Some(expr.clone());
                    }
                }
            }
            let window =
                draft.date.as_ref().and_then(|e| resolve(e, anchor, year, previous_day, draft.status));
            if let Some(w) = window {
                if w.is_day() {
                    previous_day = Some(w.start);
                }
            }
            let claim = build_claim(doc, &facts, s, &draft, window, &attribution);
            facts.date_exprs.push(draft.date.clone());
            let after = draft.quantity.as_ref().map_or("", |q| &s.text[q.end..]);
            facts.notes.push(note(s.text, after, draft.rule));
            facts.claims.push(claim);
        }
    }
    if facts.claims.is_empty() {
        facts.weekdays.clear(); // they only serve to date an article's claims
    }
    crate::peg::date_undated_transfers(&mut facts);
    facts
}

/// "over two days", "in the past 3 days", "за два дня": how many days a figure covers.
static PERIOD_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:over|in|during|within|за)\s+(?:the\s+)?(?:past\s+|last\s+|последние\s+|останні\s+)?(?P<n>[\w']+)\s+(?:days|дня|дней|дні|днів)(?-u:\b)",
    )
});
/// Words saying the count was handed over (not killed or held).
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:returned|handed over|transferred|repatriated|delivered|total)(?-u:\b)")
});

/// What reconciliation needs from a claim's sentence.
fn note(text: &str, after: &str, rule: &str) -> ClaimNote {
    let adjective =
        |text: &str| parties::find_all(text).into_iter().find(|m| m.adjective).map(|m| m.code.to_string());
    let period_days = PERIOD_DAYS.captures(text).and_then(|c| {
        let n = &c["n"];
        n.parse()
            .ok()
            .or_else(|| tally_lexicon::value_in_any("number", n).and_then(|v| u32::try_from(v).ok()))
    });
    let moved = if tagger::is_cyrillic(text) {
        tagger::tag(text).iter().any(|t| matches!(t.cat, Cat::Give | Cat::Return | Cat::Total))
    } else {
        MOVED.is_match(text)
    };
    ClaimNote {
        rule: rule.to_string(),
        period_days,
        moved,
        nationality_after: adjective(after),
        nationality: adjective(text),
    }
}

/// Blocks whose sentences can make claims.
fn is_prose(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem | BlockKind::Heading)
}

/// In an article that says prisoners are swapped in equal numbers, a return
/// of prisoners one way is also one the other way.
fn mirror_prisoner_returns(drafts: &mut Vec<Draft>) {
    let mut extra = Vec::new();
    for d in drafts.iter() {
        if d.kind != ClaimKind::Transfer
            || d.subject != Subject::Prisoners
            || d.from.is_none()
            || d.to.is_none()
        {
            continue;
        }
        let mirrored = drafts.iter().chain(extra.iter()).any(|o: &Draft| {
            o.kind == d.kind && o.subject == d.subject && o.from == d.to && o.to == d.from && o.date == d.date
        });
        if !mirrored {
            extra.push(Draft {
                from: d.to,
                to: d.from,
                quantity: d.quantity.clone(),
                date: d.date.clone(),
                ..*d
            });
        }
    }
    drafts.extend(extra);
}

/// "the following day": one day after the last dated transfer statement.
fn following(last: &Option<(usize, DateExpr)>, previous_day: Option<NaiveDate>) -> DateExpr {
    match (last, previous_day) {
        (Some((_, DateExpr::Weekday { weekday, .. })), _) => {
            DateExpr::Weekday { weekday: weekday.succ(), future: true, last: false }
        }
        (_, Some(day)) => DateExpr::Day(day + Duration::days(1)),
        _ => DateExpr::FollowingDay,
    }
}

/// Resolves a claim's date; a planned claim only takes a date that looks forward.
pub fn resolve(
    expr: &DateExpr,
    anchor: Option<DateWindow>,
    year: Option<i32>,
    previous: Option<NaiveDate>,
    status: Status,
) -> Option<DateWindow> {
    if status == Status::Planned {
        // days and months of the past: not when a plan is to happen
        if let DateExpr::Weekday { future: false, .. }
        | DateExpr::Weekday { last: true, .. }
        | DateExpr::MonthNoYear { .. } = expr
        {
            return None;
        }
    }
    let window = dates::resolve(expr, anchor, year, previous)?;
    if status == Status::Planned {
        if let (Some(a), DateExpr::Day(_) | DateExpr::MonthDay { .. }) = (anchor, expr) {
            if window.end < a.start {
                return None; // the date the plan was announced, not the transfer's
            }
        }
    }
    Some(window)
}

fn split_body(doc: &Normalised) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    for (block_index, block) in doc.article.body.iter().enumerate() {
        if !is_prose(block.kind) {
            continue;
        }
        let text = block.text.as_str();
        for (start, end) in sentences::split(text) {
            // clauses joined by a semicolon are reported separately
            let mut clause_start = start;
            for piece in text[start..end].split_inclusive(';') {
                let clause_end = clause_start + piece.len();
                let trimmed = piece.trim_end_matches(';').trim();
                if !trimmed.is_empty() && trimmed.len() <= MAX_SENTENCE {
                    let lead = piece.len() - piece.trim_start().len();
                    let s = clause_start + lead;
                    let e = s + trimmed.len();
                    let span = match doc.block_maps.get(block_index) {
                        Some(map) => map.span(s, e),
                        None => Span::new(block.span.start + s, block.span.start + e),
                    };
                    out.push(Sentence { text: &text[s..e], span, offset: s, block: block_index });
                }
                clause_start = clause_end;
            }
        }
    }
    out
}

fn latest_year(all: &[Vec<(DateExpr, usize, usize)>]) -> Option<i32> {
    all.iter()
        .flatten()
        .filter_map(|(e, _, _)| match e {
            DateExpr::Day(d) => Some(d.year()),
            DateExpr::Month { year, .. } => Some(*year),
            _ => None,
        })
        .max()
}

/// When the parser found no publication date: the latest day the text names,
/// moved forward to the first weekday the text reports in the past tense (a
/// report's lead news is its newest), as a two-day window.
fn estimate_published(sentences: &[Sentence], all: &[Vec<(DateExpr, usize, usize)>]) -> Option<DatedWindow> {
    let mut latest: Option<(NaiveDate, usize)> = None;
    for (i, exprs) in all.iter().enumerate() {
        for (e, _, _) in exprs {
            // A day written without its year is not dated from the latest
            // year the text names: that may be a background date ("since
            // March 2022"), and a wrong publication date is worse than none.
            let day = match e {
                DateExpr::Day(d) => Some(*d),
                _ => None,
            };
            if let Some(d) = day {
                if latest.is_none_or(|(l, _)| d > l) {
                    latest = Some((d, i));
                }
            }
        }
    }
    let (latest, at) = latest?;
    let lead = all.iter().flatten().find_map(|(e, _, _)| match e {
        DateExpr::Weekday { weekday, future: false, last: false } => Some(*weekday),
        _ => None,
    });
    let day = match lead {
        Some(w) => latest.iter_days().find(|d| d.weekday() == w).unwrap_or(latest),
        None => latest,
    };
    let s = &sentences[at];
    Some(DatedWindow {
        start: day,
        end: day + Duration::days(1),
        basis: DateBasis::Inferred,
        evidence: vec![Evidence { text: s.text.to_string(), span: s.span, article: None }],
        reason: "no stated publication date: the latest date the text names, moved to the first weekday it reports".into(),
    })
}

/// The two parties the article mentions most (the sides of its transfers).
fn main_parties(sentences: &[Sentence]) -> (Option<&'static str>, Option<&'static str>) {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for s in sentences {
        for m in parties::find_all(s.text) {
            *counts.entry(m.code).or_default() += 1;
        }
    }
    let mut ranked: Vec<_> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    (ranked.first().map(|r| r.0), ranked.get(1).map(|r| r.0))
}

pub(crate) fn other(
    code: Option<&'static str>,
    sides: (Option<&'static str>, Option<&'static str>),
) -> Option<&'static str> {
    match (code, sides) {
        (Some(c), (Some(a), Some(b))) if c == a => Some(b),
        (Some(c), (Some(a), Some(_))) if c != a => Some(a),
        _ => None,
    }
}

/// A char-boundary-safe slice `[start, start+len)` of `text`.
fn window(text: &str, start: usize, len: usize) -> &str {
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start.min(end)..end]
}

fn tail(text: &str, end: usize, len: usize) -> &str {
    let mut start = end.saturating_sub(len);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// The first `n` words of `text`.
fn words(text: &str, n: usize) -> &str {
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

/// The nationality adjective describing the people counted in `after`.
fn nationality(after: &str) -> Option<&'static str> {
    let mentions = parties::find_all(after);
    // "15 Palestinians": a demonym right after the count
    let demonym = mentions.first().filter(|m| {
        !m.adjective && words(after, 1).len() >= m.end && NATIONALS.is_match(&after[m.start..m.end])
    });
    if let Some(m) = demonym {
        return Some(m.code);
    }
    mentions
        .into_iter()
        .find(|m| m.adjective && PEOPLE_NOUN.is_match(window(after, m.end, 40)))
        .map(|m| m.code)
}

/// The party whose captivity the people left: "released from Russian
/// captivity", "returned from Ukrainian custody".
fn captivity_holder(text: &str) -> Option<&'static str> {
    parties::find_all(text)
        .into_iter()
        .find(|m| {
            let rest = text[m.end..].trim_start().to_ascii_lowercase();
            m.adjective
                && (rest.starts_with("captivity") || rest.starts_with("custody"))
                && tail(text, m.start, 8).trim_end().to_ascii_lowercase().ends_with("from")
        })
        .map(|m| m.code)
}

/// The first transfer verb used as a verb, not as a noun or infinitive
/// ("the returned bodies", "to return").
fn finite_transfer_verb(text: &str) -> Option<regex::Match<'_>> {
    TRANSFER_VERB.find_iter(text).find(|v| !NOMINAL_BEFORE.is_match(tail(text, v.start(), 24)))
}

/// What a sentence says moved, and in which direction, by the verb roles.
fn roles(
    text: &str,
    sides: (Option<&'static str>, Option<&'static str>),
) -> (Option<&'static str>, Option<&'static str>) {
    let verb = finite_transfer_verb(text);
    let nouns: Vec<_> = parties::find_all(text).into_iter().filter(|m| !m.adjective).collect();
    let Some(verb) = verb else {
        return (None, None);
    };
    let subject = nouns.iter().rev().find(|m| m.end <= verb.start()).map(|m| m.code);
    let mut to = None;
    let mut from = None;
    for m in nouns.iter().filter(|m| m.start >= verb.end()) {
        let before = tail(text, m.start, 12).to_ascii_lowercase();
        let before = before.trim_end().trim_end_matches("the").trim_end();
        // "held captive in Gaza" says where they were, not where they went
        let held_in = before.ends_with(" in")
            && HELD_BEFORE_IN.is_match(tail(text, m.start, 32).trim_end().trim_end_matches("the").trim_end());
        if to.is_none()
            && (before.ends_with(" to") || (before.ends_with(" in") && !held_in) || before.ends_with(" into"))
        {
            to = Some(m.code);
        } else if from.is_none() && (before.ends_with(" from") || before.ends_with(" by")) {
            from = Some(m.code);
        }
    }
    let verb_text = verb.as_str();
    // "Ukraine repatriated 77 bodies": with no receiver named, the subject
    // brought its own people home
    // "managed to return the bodies of 121": brought home, by the subject
    let brought_home = to.is_none()
        && (verb_text.to_ascii_lowercase().starts_with("repatriat")
            || MANAGED_TO.is_match(tail(text, verb.start(), 30)));
    let repatriated_home = brought_home;
    if RECEIVE_VERB.is_match(verb_text) || repatriated_home {
        to = to.or(subject);
    } else if ARRIVE_VERB.is_match(verb_text) {
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
fn one_party_direction(
    text: &str,
    sides: (Option<&'static str>, Option<&'static str>),
) -> Option<(Option<&'static str>, Option<&'static str>)> {
    let verb = finite_transfer_verb(text)?;
    if SWAP_VERB.is_match(verb.as_str()) {
        return None;
    }
    let mut before: Vec<&str> = parties::find_all(&text[..verb.start()])
        .into_iter()
        .filter(|m| !m.adjective)
        .map(|m| m.code)
        .collect();
    before.dedup();
    if before.len() != 1 {
        return None;
    }
    match roles(text, sides) {
        (Some(from), Some(to)) => Some((Some(from), Some(to))),
        _ => None,
    }
}

fn status_of(clause: &str, text: &str, zero: bool) -> Status {
    // "a scheduled swap fell through": the plan failed
    if FELL_THROUGH.is_match(clause) && !zero {
        Status::Failed
    } else if PLANNED.is_match(clause) {
        Status::Planned
    } else if FAILED.is_match(text) && !zero {
        Status::Failed
    } else {
        Status::Completed
    }
}

/// "185 service personnel and 20 civilians": two counts of people joined by
/// "and", with no party, verb or other number between, went the same way
/// together; they are one count of their sum (rule `sum-one-way`).
fn one_way_sums(text: &str, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        let q = &found[i];
        if let Some(n) = found.get(i + 1) {
            let between = &text[q.end..n.start.max(q.end)];
            let joined = between.len() <= 40
                && between.trim_end().ends_with(" and")
                && PEOPLE_NOUN.is_match(between)
                && !between.contains([',', ';', ':', '(', '—', '–'])
                && !TRANSFER_VERB.is_match(between)
                && parties::find_all(between).iter().all(|m| m.adjective)
                // "86 Ukrainian servicemen and 79 Russian servicemen" went two ways
                && parties::find_all(words(&text[n.end..], 1)).iter().all(|m| {
                    m.adjective && parties::find_all(between).iter().any(|b| b.code == m.code)
                })
                && PEOPLE_NOUN.is_match(words(&text[n.end..], 3))
                && q.qualifier == Qualifier::Exact
                && n.qualifier == Qualifier::Exact;
            // A sum too large to hold is no count at all, never a wrapped one.
            let sum = q.value.checked_add(n.value);
            if let (true, Some(value)) = (joined && !PART_OF.is_match(tail(text, q.start, 24)), sum) {
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

/// Whether [`sentence_drafts`] could draft anything from `text`: it names a
/// subject and has a transfer word or a number. A necessary condition, much
/// cheaper than drafting: most sentences that name soldiers or deaths are
/// told apart here.
fn could_make_a_claim(text: &str) -> bool {
    names_a_subject(text)
        && (TRANSFER_VERB.is_match(text)
            || (TRANSFER_NOUN.is_match(text) && EVENT_VERB.is_match(text))
            || !quantity::find_all(text).is_empty())
}

/// The most claims one sentence drafts. Real sentences make a few; a run-on
/// list of numbers and dates would make one per pair (thousands in 4 KB),
/// each carrying the sentence's text.
pub const MAX_CLAIMS_PER_SENTENCE: usize = 32;

/// The drafts of one sentence, at most [`MAX_CLAIMS_PER_SENTENCE`]; `capped` when more
/// were cut.
#[derive(Default)]
pub(crate) struct Drafts {
    pub(crate) list: Vec<Draft>,
    pub(crate) capped: bool,
}

impl Drafts {
    pub(crate) fn push(&mut self, draft: Draft) {
        if self.list.len() < MAX_CLAIMS_PER_SENTENCE {
            self.list.push(draft);
        } else {
            self.capped = true;
        }
    }

    /// One transfer `from` → `to` per date the sentence gives (or one undated).
    fn push_transfer_per_date(
        &mut self,
        dates: &[Option<DateExpr>],
        subject: Subject,
        quantity: &Found,
        (from, to): (Option<&'static str>, Option<&'static str>),
        status: Status,
        rule: &'static str,
    ) {
        for date in dates {
            if self.capped {
                break;
            }
            self.push(Draft {
                kind: ClaimKind::Transfer,
                subject,
                quantity: Some(quantity.clone()),
                from,
                to,
                status,
                date: date.clone(),
                rule,
            });
        }
    }
}

/// The claims one sentence makes.
fn sentence_drafts(
    text: &str,
    sides: (Option<&'static str>, Option<&'static str>),
    own_dates: &[DateExpr],
) -> Drafts {
    if !names_a_subject(text) || QUESTION_OR_CONDITION.is_match(text) {
        return Drafts::default();
    }
    let is_transfer =
        finite_transfer_verb(text).is_some() || (TRANSFER_NOUN.is_match(text) && EVENT_VERB.is_match(text));
    let found = one_way_sums(text, quantity::find_all(text));
    if found.is_empty() && !is_transfer {
        return Drafts::default(); // no count and no transfer: nothing to record
    }
    let has_remains = REMAINS_NOUN.is_match(text);
    // Soldiers or civilians exchanged, released or brought home are prisoners.
    let people_moved = SWAP.is_match(text) || PEOPLE_MOVED.is_match(text);
    let has_prisoners =
        PRISONER_NOUN.is_match(text) || (!has_remains && people_moved && SOLDIER_NOUN.is_match(text));
    let is_swap = SWAP.is_match(text);
    let zero = ZERO.find(text);
    // A plan word governs its own clause: the one the transfer word is in.
    let transfer_at = finite_transfer_verb(text)
        .map(|m| m.start())
        .or_else(|| TRANSFER_NOUN.find(text).map(|m| m.start()))
        .unwrap_or(0);
    let status = status_of(dates::clause_at(text, transfer_at), text, zero.is_some());
    let dates_or_none: Vec<Option<DateExpr>> =
        if own_dates.is_empty() { vec![None] } else { own_dates.iter().cloned().map(Some).collect() };
    let mut out = Drafts::default();
    let mut sentence_roles: Option<(Option<&'static str>, Option<&'static str>)> = None;
    let mut counted = 0;
    // "returned 909 bodies over two days": the period is no count
    let period = PERIOD.is_match(text);
    let mut breakdown = false;
    let mut part_end: Option<usize> = None;
    for (i, q) in found.iter().enumerate() {
        if out.capped {
            break;
        }
        let next = found.get(i + 1).map_or(text.len(), |n| n.start);
        let after = &text[q.end..next.max(q.end)];
        let near = words(after, 5);
        // "over two days": a length of time, not a count
        if period && DAYS_AFTER.is_match(after) {
            continue;
        }
        let total = TOTAL.is_match(tail(text, q.start, 100));
        if !PEOPLE_NOUN.is_match(near) && !NATIONALS.is_match(words(after, 2)) && !total {
            continue;
        }
        let before = tail(text, q.start, 24).to_ascii_lowercase();
        // "390 prisoners, including 120 civilians", "12 people – nine soldiers
        // and three civilians", "35 of them": parts of a count already given
        // a list after "including" goes on being parts until a new verb
        let listed =
            part_end.is_some_and(|end: usize| end <= q.start && !TRANSFER_VERB.is_match(&text[end..q.start]));
        let part = breakdown || listed || PART_OF.is_match(&before) || PART_AFTER.is_match(after);
        if part {
            breakdown |= DASH_END.is_match(&before) && counted > 0;
            part_end = Some(q.end);
        } else {
            counted += 1;
        }
        let subject =
            if REMAINS_NOUN.is_match(near) || before.contains("bodies of") || before.contains("remains of") {
                Subject::Remains
            } else if CAPTIVITY.is_match(text) && !is_transfer {
                Subject::Captives
            } else if PRISONER_NOUN.is_match(near) {
                Subject::Prisoners
            } else if has_remains && (is_transfer || total) {
                Subject::Remains
            } else if KILLED.is_match(text) {
                Subject::Killed
            } else if has_prisoners && is_transfer {
                Subject::Prisoners
            } else {
                Subject::Other
            };
        // "46,000 soldiers killed" outside a transfer counts the dead, not bodies moved
        let subject = if subject == Subject::Remains && !is_transfer && !BODY_NOUN.is_match(text) {
            Subject::Killed
        } else {
            subject
        };
        let transfer = is_transfer
            && !part
            && q.qualifier == Qualifier::Exact
            && !total
            && matches!(subject, Subject::Remains | Subject::Prisoners);
        if !transfer {
            if subject == Subject::Other {
                continue; // a count of something else is not a fact Tally records
            }
            out.push(Draft {
                kind: ClaimKind::Figure,
                subject,
                quantity: Some(q.clone()),
                from: None,
                to: None,
                status: Status::Completed,
                date: own_dates.first().cloned(),
                rule: "en-figure",
            });
            continue;
        }
        let each = EACH_SIDE.is_match(text);
        // "ten Ukrainian prisoners ... in exchange for ten Russian soldiers":
        // in a swap too, the people's nationality is the receiver
        let own_nationality = if each { None } else { nationality(words(after, 3)) };
        // "exchanged the bodies of 132 fallen soldiers": a total of both ways
        let remains_swapped = subject == Subject::Remains
            && TRANSFER_VERB
                .find_iter(&text[..q.start])
                .last()
                .is_some_and(|v| SWAP_VERB.is_match(v.as_str()));
        // "released from Russian captivity": who held them gives
        let held = if own_nationality.is_none() && !each { captivity_holder(text) } else { None };
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
            let one_way = if each { None } else { one_party_direction(text, sides) };
            // "releases 32 Armenians in exchange for two soldiers": the count
            // after "in exchange for" went the other way
            let one_way = match one_way {
                Some((f, t)) if EXCHANGE_FOR.is_match(tail(text, q.start, 24)) => Some((t, f)),
                w => w,
            };
            let (a, b) = one_way.unwrap_or((sides.0, sides.1));
            if !each && one_way.is_none() {
                // the count of both ways together: a figure
                out.push(Draft {
                    kind: ClaimKind::Figure,
                    subject,
                    quantity: Some(q.clone()),
                    from: None,
                    to: None,
                    status,
                    date: own_dates.first().cloned(),
                    rule: "en-swap-total",
                });
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
        let (from, to) = match nationality(window(after, 0, 60)) {
            Some(n) => (other(Some(n), sides), Some(n)),
            None => *sentence_roles.get_or_insert_with(|| roles(text, sides)),
        };
        out.push_transfer_per_date(&dates_or_none, subject, q, (from, to), status, "en-transfer");
    }
    if counted > 0 || !is_transfer {
        return out;
    }
    // No number: an undisclosed count, or none at all.
    let zero_quantity = zero.map(|m| Found {
        value: 0,
        qualifier: Qualifier::Exact,
        start: m.start(),
        end: m.end(),
        number_start: m.start(),
    });
    let mut subjects = Vec::new();
    if has_remains {
        subjects.push(Subject::Remains);
    }
    if has_prisoners {
        subjects.push(Subject::Prisoners);
    }
    for subject in subjects {
        let directions = if subject == Subject::Prisoners && is_swap && zero_quantity.is_none() {
            vec![(sides.0, sides.1), (sides.1, sides.0)]
        } else {
            let adjective = parties::find_all(text)
                .into_iter()
                .find(|m| m.adjective && PEOPLE_NOUN.is_match(window(text, m.end, 30)));
            match adjective {
                Some(n) => vec![(other(Some(n.code), sides), Some(n.code))],
                None => vec![roles(text, sides)],
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

fn build_claim(
    doc: &Normalised,
    facts: &ArticleFacts,
    s: &Sentence,
    d: &Draft,
    date: Option<DateWindow>,
    attributed_to: &Attribution,
) -> Claim {
    let map = doc.block_maps.get(s.block);
    let source_span = |start: usize, end: usize| match map {
        Some(m) => m.span(s.offset + start, s.offset + end),
        None => Span::new(s.span.start + start, s.span.start + end),
    };
    let quantity = d.quantity.as_ref().map(|q| Quantity {
        value: q.value,
        qualifier: q.qualifier,
        text: s.text[q.start..q.end].to_string(),
        span: source_span(q.start, q.end),
    });
    let date = date.map(|w| DatedWindow {
        start: w.start,
        end: w.end,
        basis: if matches!(d.date, Some(DateExpr::Day(_))) { DateBasis::Stated } else { DateBasis::Inferred },
        evidence: vec![Evidence { text: s.text.to_string(), span: s.span, article: None }],
        reason: match &d.date {
            Some(DateExpr::Day(_)) => "stated in the sentence".to_string(),
            Some(e) => dates::resolution_reason(e, facts.published.as_ref().map(DatedWindow::window)),
            None => String::new(),
        },
    });
    Claim {
        id: format!("{}-c{}", facts.article_id, facts.claims.len() + 1),
        article: facts.article_id.clone(),
        kind: d.kind,
        subject: d.subject,
        text: s.text.to_string(),
        span: s.span,
        quantity,
        from: d.from.map(str::to_string),
        to: d.to.map(str::to_string),
        date,
        status: d.status,
        attributed_to: attributed_to.clone(),
        corrected_by: Vec::new(),
    }
}

fn kind_of(name: &str) -> AttributionKind {
    let lower = name.to_lowercase();
    if lower.contains("source") {
        AttributionKind::Anonymous
    } else if MEDIA.iter().any(|m| name == *m || name.starts_with(&format!("{m} ")))
        || lower.contains("news agenc")
    {
        AttributionKind::Media
    } else if [
        "ministry",
        "agency",
        "headquarters",
        "government",
        "office",
        "council",
        "staff",
        "kremlin",
        "authorities",
        "officials",
        "service",
        "committee",
        "army",
        "military",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        AttributionKind::Organisation
    } else if name.split_whitespace().count() >= 2
        && name.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        AttributionKind::Person
    } else {
        AttributionKind::Organisation
    }
}

/// Who a sentence attributes its statement to.
fn attribute(text: &str, previous: &Option<Attribution>, outlet: &str) -> Attribution {
    let channel = CHANNEL.captures(text).map(|c| c["ch"].to_string());
    let via =
        TOLD.captures(text).map(|c| c["via"].to_string()).filter(|v| MEDIA.iter().any(|m| v.starts_with(m)));
    let who = ACCORDING_TO
        .captures(text)
        .map(|c| {
            let who = c["who"].trim();
            who.rsplit_once(" by ").map_or(who, |(_, by)| by).to_string()
        })
        .or_else(|| said_who(text).map(|who| who.trim().to_string()))
        .or_else(|| SAID_AFTER.captures(text).map(|c| c["who"].trim().to_string()));
    match who {
        Some(name) if PRONOUNS.contains(&name.to_lowercase().as_str()) => match previous {
            Some(p) => Attribution {
                channel: channel.or(p.channel.clone()),
                via: via.or(p.via.clone()),
                ..p.clone()
            },
            None => Attribution { name: outlet.to_string(), kind: AttributionKind::Outlet, channel, via },
        },
        Some(name) if !name.is_empty() => Attribution { kind: kind_of(&name), name, channel, via },
        _ => Attribution { name: outlet.to_string(), kind: AttributionKind::Outlet, channel, via },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// Words of the subject vocabulary and near misses, in any case, with
    /// Unicode case variants the `(?i)` patterns also accept (`ſ` for `s`).
    fn words() -> impl Strategy<Value = String> {
        const VOCABULARY: &[&str] = &[
            "bodies",
            "body",
            "remains",
            "their remains",
            "1,000 remains",
            "Kyiv's remains",
            "remains of",
            "corpses",
            "dead",
            "fallen",
            "killed",
            "deceased",
            "perished",
            "prisoners",
            "POW",
            "POWs",
            "captives",
            "detainees",
            "hostages",
            "internees",
            "soldiers",
            "troops",
            "servicemen",
            "servicemembers",
            "service members",
            "military",
            "personnel",
            "civilians",
            "defenders",
            "fighters",
            "marines",
            "sailors",
            "officers",
            "contingent",
            "captivity",
            "held captive",
            "being held",
            "detained",
            "imprisoned",
            "died",
            "death toll",
            "deaths",
            "casualties",
            "ſoldiers",
            "boDIES",
            "remain",
            "power",
            "bodys",
            "held",
            "toll",
            "the",
        ];
        proptest::prop_oneof![
            proptest::sample::select(VOCABULARY).prop_map(str::to_string),
            proptest::sample::select(VOCABULARY).prop_map(|w| w.to_uppercase()),
            "\\PC{0,6}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn the_quick_subject_test_never_misses_what_the_vocabulary_finds(
            parts in proptest::collection::vec(words(), 0..6),
            glue in "[ ,.’'-]{1,2}",
        ) {
            let text = parts.join(&glue);
            proptest::prop_assert!(!SUBJECT_VOCABULARY.is_match(&text) || SUBJECT_WORD.is_match(&text), "{text:?}");
            proptest::prop_assert_eq!(names_a_subject(&text), SUBJECT_VOCABULARY.is_match(&text));
        }
    }

    /// "X said" as one regex, as it was before [`said_who`] split it.
    static SAID_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?P<who>(?-u:\b)[Aa] source(?: [\w’'-]+){0,5}|(?-u:\b)(?:[A-Z][\w’'.-]*)(?:\s+(?:of the |of |for the )?[A-Z][\w’'.-]*)*|(?-u:\b)(?:he|she|they|the source|the agency|the ministry|officials|authorities(?: in [\w ]+)?)(?-u:\b))\s*,?\s+(?:also\s+)?(?:said|says|told|announced|stated|added|noted|confirmed|reported|wrote|expressed|indicated|claimed|posted|shared)(?-u:\b)",
        )
    });

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

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn the_split_said_finds_the_speaker_the_single_regex_finds(
            parts in proptest::collection::vec(speech_words(), 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\n|", 14),
        ) {
            let mut text = String::new();
            for (i, p) in parts.iter().enumerate() {
                text.push_str(p);
                text.push_str(&glue[i]);
            }
            let expected = SAID_REFERENCE.captures(&text).map(|c| c.name("who").expect("group").as_str());
            proptest::prop_assert_eq!(said_who(&text), expected, "{:?}", text);
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
            for own_dates in [vec![], vec![DateExpr::Today]] {
                proptest::prop_assert!(
                    could_make_a_claim(&text) || sentence_drafts(&text, sides, &own_dates).list.is_empty(),
                    "{text:?}"
                );
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
