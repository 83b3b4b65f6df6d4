//! Sentence-level claim building: transfers and figures (rules in the crate docs).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use tally_model::{
    Attribution, BlockKind, Claim, ClaimKind, DateBasis, DateWindow, DatedWindow, Evidence, Quantity, Span,
    Status, Subject,
};
use tally_parser::Normalised;

use crate::attribution::{self, Speaker};
use crate::dates::{self, DateExpr};
use crate::quantity::Found;
use crate::tagger::{self, Cat, Tag};
use crate::{english, parties, rules, sentences, ArticleFacts, ClaimNote};

/// Longer "sentences" (run-on text, tables, code) make no claims: this
/// bounds the work per sentence.
const MAX_SENTENCE: usize = 4096;

/// The longest block tagged in one pass (longer ones are tagged sentence by
/// sentence, so a run-on line of megabytes costs no more than its sentences).
const MAX_BLOCK_TAGGED: usize = 64 * 1024;

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

impl Draft {
    /// A figure: a count no transfer takes, with no parties.
    pub(crate) fn figure(
        subject: Subject,
        quantity: Found,
        status: Status,
        date: Option<DateExpr>,
        rule: &'static str,
    ) -> Draft {
        Draft {
            kind: ClaimKind::Figure,
            subject,
            quantity: Some(quantity),
            from: None,
            to: None,
            status,
            date,
            rule,
        }
    }
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
    // One tagger pass per block: every rule below reads these tags, a
    // sentence its block's (a form never spans two sentences or clauses).
    // A block too long to tag at once (a run-on line of megabytes) has its
    // sentences tagged one by one; those over MAX_SENTENCE are skipped.
    let block_tags: Vec<Option<Vec<Tag>>> = doc
        .article
        .body
        .iter()
        .map(|b| match is_prose(b.kind) && b.text.len() <= MAX_BLOCK_TAGGED {
            true => Some(tagger::tag(&b.text)),
            false => (!is_prose(b.kind)).then(Vec::new),
        })
        .collect();
    if let Some(published) = &doc.article.published {
        let subject_named = block_tags.iter().any(|t| match t {
            Some(t) => rules::could_make_a_claim(t) || english::names_a_subject(t),
            None => true, // a long block: its sentences are tested one by one
        });
        if !subject_named {
            return no_claims(published);
        }
    }
    let sentences = split_body(doc);
    // Every sentence's tags in one list (one allocation an article, not
    // one a sentence), each sentence's a slice of it. (A sentence's tags
    // are some of its block's: the blocks' count them all but a long
    // block's, which are rare.)
    // A sentence opening its block (most are the first or only one of
    // theirs) has its block's first tags, where they are: its offsets are
    // the block's, and only the others' are moved and copied.
    let mut all_tags = Vec::with_capacity(block_tags.iter().flatten().map(Vec::len).sum());
    let mut ranges = Vec::with_capacity(sentences.len());
    for s in &sentences {
        let from = all_tags.len();
        match &block_tags[s.block] {
            Some(block) => match opening_tags(block, s) {
                Some(opening) => {
                    ranges.push(Err(opening));
                    continue;
                }
                None => sentence_tags(block, s, &mut all_tags),
            },
            None => all_tags.extend(tagger::tag(s.text)),
        }
        ranges.push(Ok(from..all_tags.len()));
    }
    let tags: Vec<&[Tag]> = sentences
        .iter()
        .zip(ranges)
        .map(|(s, r)| match (r, &block_tags[s.block]) {
            (Ok(r), _) => &all_tags[r],
            (Err(opening), Some(block)) => &block[opening],
            (Err(_), None) => &[],
        })
        .collect();
    // (the tests run with this check: the same tags as copying them)
    debug_assert!(sentences.iter().zip(&tags).all(|(s, t)| match &block_tags[s.block] {
        Some(block) => {
            let mut copied = Vec::new();
            sentence_tags(block, s, &mut copied);
            copied == *t
        }
        None => true,
    }));
    let cyrillic: Vec<bool> = sentences.iter().map(|s| tagger::is_cyrillic(s.text)).collect();
    // each sentence with the set of its tags' categories (asked for below
    // and by the rules, many times a sentence)
    let tagged: Vec<english::Tagged> =
        sentences.iter().zip(&tags).map(|(s, t)| english::Tagged::new(s.text, t)).collect();
    let candidates: Vec<bool> = tagged
        .iter()
        .zip(&cyrillic)
        .map(|(&t, &c)| if c { rules::could_make_a_claim(t.tags) } else { english::could_make_a_claim(t) })
        .collect();
    if let Some(published) = &doc.article.published {
        if !candidates.contains(&true) {
            return no_claims(published);
        }
    }
    // English dates are still read by `dates::find_all` (see its module).
    // In a dated article only the dates of a sentence that may make a
    // claim (a candidate, or one with an ordinal) are read, and every
    // weekday of the text: the others need not be found.
    let dated = doc.article.published.is_some();
    let all_dates: Vec<Vec<(DateExpr, usize, usize)>> = sentences
        .iter()
        .zip(&cyrillic)
        .zip(&tagged)
        .zip(&candidates)
        .map(|(((s, &c), t), &candidate)| {
            let read = !dated || candidate || t.has(Cat::Ordinal) || dates::may_name_a_weekday(s.text);
            let date_words =
                [Cat::Month, Cat::Weekday, Cat::Today, Cat::Yesterday, Cat::Tomorrow, Cat::DateWord]
                    .into_iter()
                    .any(|cat| t.has(cat));
            if c {
                tagger::dates(s.text, t.tags)
            } else if date_words && read {
                dates::find_all(s.text)
            } else {
                Vec::new() // none of the words a date is made of
            }
        })
        .collect();
    let year = doc.article.published.as_ref().map(|p| p.end.year()).or_else(|| latest_year(&all_dates));
    let published = doc.article.published.clone().or_else(|| estimate_published(&sentences, &all_dates));
    let anchor = published.as_ref().map(DatedWindow::window);
    let (first, second) = main_parties(&tags);
    // "the same number of POWs", "a parity exchange": prisoners move both ways
    let parity = tagged.iter().any(|t| t.has(Cat::Parity) && t.has(Cat::Prisoners));
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
    // per claim: whether its sentence's tags hold a background or total
    // word (the peg reads it; the tags are at hand here)
    let mut background = Vec::new();
    // Room for a claim per sentence that may make one (most make one, or
    // none): the lists grow once an article rather than claim by claim.
    let room = candidates.iter().filter(|&&c| c).count();
    facts.claims.reserve(room);
    facts.date_exprs.reserve(room);
    facts.notes.reserve(room);
    background.reserve(room);
    // the sentences read so far, each with its length first: most
    // sentences differ in length, and are told apart without comparing text
    let mut seen = std::collections::BTreeSet::new();
    let mut speakers = Speakers::new(&sentences, &tags, &cyrillic);
    // (sentence index, date expression) of the last transfer statement with its own date.
    let mut last_dated: Option<(usize, DateExpr)> = None;
    let mut previous_day: Option<NaiveDate> = None;
    // per subject, the direction of the last transfer with both parties; none
    // when the last sentence to give one gave both ways (a swap: a later
    // party-less count could have gone either way)
    let mut last_direction: BTreeMap<Subject, Option<Direction>> = BTreeMap::new();
    for (index, s) in sentences.iter().enumerate() {
        let sentence_tags = &tags[index];
        if !seen.insert((s.text.len(), s.text)) {
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
            rules::sentence_drafts(s.text, sentence_tags, (first, second), &own_dates)
        } else if candidates[index] {
            english::sentence_drafts(tagged[index], (first, second), &own_dates)
        } else {
            Drafts::default()
        };
        if drafts.capped {
            facts.capped.push(s.span);
        }
        let mut drafts = drafts.list;
        if own_dates.len() >= 2 {
            keep_the_dates_of_their_clauses(&mut drafts, s.text, &all_dates[index], &own_dates);
        }
        drafts.extend(rules::ordinal_figures(s.text, sentence_tags, &own_dates));
        if drafts.is_empty() {
            continue;
        }
        drop_parts_of_earlier(&mut drafts, &facts.claims);
        if parity {
            mirror_prisoner_returns(&mut drafts);
        }
        let attribution = speakers.attribution(index, &outlet);
        let claims_here = facts.claims.len();
        let mut sentence_note: Option<SentenceNote> = None;
        let mut directions_here: Vec<(Subject, Direction)> = Vec::new();
        for mut draft in drafts {
            if draft.kind == ClaimKind::Transfer {
                // "a similar handover of 1,200 bodies": the direction of the last one
                if draft.from.is_none() && draft.to.is_none() {
                    if let Some(Some((f, t))) = last_direction.get(&draft.subject) {
                        (draft.from, draft.to) = (*f, *t);
                    }
                } else if draft.from.is_some()
                    && draft.to.is_some()
                    && draft.quantity.as_ref().is_some_and(|q| q.value > 0)
                {
                    let both_ways = directions_here.contains(&(draft.subject, (draft.to, draft.from)));
                    directions_here.push((draft.subject, (draft.from, draft.to)));
                    last_direction.insert(draft.subject, (!both_ways).then_some((draft.from, draft.to)));
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
                    if index - at <= 2 && borrowable && !tagged[index].has(Cat::Background) {
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
            // "Today, June 14, 150 soldiers came home": two dates of one day
            // give the sentence's claim once, dated by the stated one
            // (an undated claim's date words may date it later: "on Monday and
            // Tuesday" are two claims until then)
            let same = |k: usize| {
                same_claim(&facts.claims[k], &claim)
                    && (claim.date.is_some() || facts.date_exprs[k] == draft.date)
            };
            if let Some(k) = (claims_here..facts.claims.len()).find(|&k| same(k)) {
                let stated = |c: &Claim| c.date.as_ref().is_some_and(|d| d.basis == DateBasis::Stated);
                if stated(&claim) && !stated(&facts.claims[k]) {
                    facts.claims[k].date = claim.date;
                    facts.date_exprs[k] = draft.date.clone();
                }
                continue;
            }
            facts.date_exprs.push(draft.date.clone());
            let after_at = draft.quantity.as_ref().map_or(s.text.len(), |q| q.end);
            let sentence_note = sentence_note.get_or_insert_with(|| SentenceNote::new(s.text, sentence_tags));
            let claim_note = sentence_note.note(after_at, draft.rule);
            // what reading the sentence for the claim alone gives (the tests run with this check)
            debug_assert_eq!(claim_note, note(s.text, sentence_tags, after_at, draft.rule));
            facts.notes.push(claim_note);
            facts.claims.push(claim);
            let said_background = sentence_note.background;
            // what tagging the sentence alone says (the tests run with this check)
            debug_assert_eq!(said_background, tagger::has_background_or_total(s.text), "{:?}", s.text);
            background.push(said_background || names_a_year(sentence_tags, draft.quantity.as_ref()));
        }
    }
    if facts.claims.is_empty() {
        facts.weekdays.clear(); // they only serve to date an article's claims
    }
    crate::peg::date_undated_transfers(&mut facts, &background);
    facts
}

/// The speakers of an article's sentences. Only a sentence with a speech
/// verb names one ("X said"; a pronoun continues the one before), and only
/// a claim's attribution is needed: each is worked out backwards from the
/// claim's sentence to the last speaker named, parsing no sentence twice
/// and none before that, as a walk forward through every sentence would.
struct Speakers<'s> {
    sentences: &'s [Sentence<'s>],
    tags: &'s [&'s [Tag]],
    cyrillic: &'s [bool],
    /// Per sentence, once asked: the speaker its speech verb names.
    parsed: Vec<Option<Option<Speaker>>>,
    /// The speaker after sentence `.0` (of the last claim asked for).
    known: Option<(usize, Option<Attribution>)>,
}

impl<'s> Speakers<'s> {
    fn new(sentences: &'s [Sentence<'s>], tags: &'s [&'s [Tag]], cyrillic: &'s [bool]) -> Self {
        Speakers { sentences, tags, cyrillic, parsed: vec![None; sentences.len()], known: None }
    }

    /// The speaker sentence `index` names with a speech verb (`None`
    /// without one: it leaves the speaker as it was).
    fn spoken(&mut self, index: usize) -> Option<&Speaker> {
        if self.parsed[index].is_none() {
            let (text, tags) = (self.sentences[index].text, self.tags[index]);
            let speaker = if self.cyrillic[index] {
                rules::speaker(text, tags)
            } else {
                let speech = tagger::has(tags, Cat::Speech) || tagger::has(tags, Cat::AccordingTo);
                speech.then(|| attribution::speaker(text))
            };
            self.parsed[index] = Some(speaker);
        }
        self.parsed[index].as_ref().and_then(Option::as_ref)
    }

    /// The last speaker named (not the outlet) before sentence `index`.
    /// Asked with rising indices: the walk stops at the last one asked.
    fn before(&mut self, index: usize) -> Option<Attribution> {
        let mut continuing = Vec::new(); // sentences whose pronoun continues the speaker, last first
        let mut at = index;
        let mut speaker = loop {
            if at == 0 {
                break None;
            }
            at -= 1;
            if let Some((known_at, known)) = &self.known {
                if *known_at == at {
                    break known.clone();
                }
            }
            match self.spoken(at) {
                Some(Speaker::Named(a)) => break Some(a.clone()),
                Some(Speaker::Continues { .. }) => continuing.push(at),
                Some(Speaker::Outlet { .. }) | None => {}
            }
        };
        for at in continuing.into_iter().rev() {
            if let (Some(previous), Some(spoken)) = (&speaker, self.spoken(at)) {
                speaker = Some(spoken.resolve(&Some(previous.clone()), ""));
            }
        }
        if index > 0 {
            self.known = Some((index - 1, speaker.clone()));
        }
        speaker
    }

    /// Who sentence `index` is attributed to: the speaker it names, or the
    /// one before it; the outlet when nobody is named.
    ///
    /// Only a sentence whose speaker continues the one before it needs
    /// that one ([`Speaker::resolve`] reads it for no other): the walk
    /// back is taken for it alone, and a claim that names its speaker, or
    /// none, parses no sentence before it.
    fn attribution(&mut self, index: usize, outlet: &str) -> Attribution {
        // English patterns read every sentence without a speech verb
        // ("..., the ministry confirmed")
        let unspoken = match self.spoken(index) {
            Some(_) => None,
            None => Some(attribution::speaker(self.sentences[index].text)),
        };
        let continues = |s: Option<&Speaker>| matches!(s, Some(Speaker::Continues { .. }));
        let previous = match continues(unspoken.as_ref().or(self.spoken(index))) {
            true => self.before(index),
            false => None,
        };
        match unspoken {
            Some(speaker) => speaker.resolve(&previous, outlet),
            None => self.spoken(index).expect("a speech sentence, parsed above").resolve(&previous, outlet),
        }
    }
}

/// "over two days", "in the past 3 days", "за два дня": how many days a
/// figure covers: a count of days after a preposition of time span (a
/// determiner or "past" may stand between).
fn period_days(text: &str, tags: &[Tag]) -> Option<u32> {
    let mut units = tags.iter().filter(|u| u.cat == Cat::TimeUnit && u.value == 1).peekable();
    units.peek()?; // no length of days: no counts to read
    let counts = tagger::counts(text, tags);
    units.find_map(|u| {
        let c = counts.iter().find(|c| c.end <= u.start && text[c.end..u.start].trim().is_empty())?;
        let spanned = tags.iter().any(|p| {
            p.cat == Cat::SpanPrep
                && (p.start == c.start
                    || p.end <= c.start
                        && text[p.end..c.start].split_whitespace().count() <= 2
                        && text[p.end..c.start].split_whitespace().count()
                            == tags
                                .iter()
                                .filter(|t| {
                                    t.start >= p.end
                                        && t.end <= c.start
                                        && matches!(t.cat, Cat::Determiner | Cat::Recent)
                                })
                                .count())
        });
        spanned.then(|| u32::try_from(c.value).ok()).flatten()
    })
}

/// What reconciliation needs from a claim's sentence (`after_at`: where the
/// claim's count ends). (Made once per sentence by [`SentenceNote`]; this
/// reading of one claim is what debug builds hold it to.)
fn note(text: &str, tags: &[Tag], after_at: usize, rule: &str) -> ClaimNote {
    let adjective = |from: usize| {
        tags.iter()
            .find(|t| t.cat == Cat::PartyAdjective && t.start >= from)
            .map(|t| tagger::party_code(t.value).to_string())
    };
    ClaimNote {
        rule: rule.to_string(),
        period_days: period_days(text, tags),
        moved: tags.iter().any(|t| matches!(t.cat, Cat::Give | Cat::Return | Cat::Total)),
        nationality_after: adjective(after_at),
        nationality: adjective(0),
    }
}

/// [`note`]'s reading of a sentence, made once for all its claims: what
/// does not depend on the claim (the period, whether it tells a move, the
/// first nationality adjective), and each claim's adjective after its
/// count found from the first one's place.
struct SentenceNote {
    period_days: Option<u32>,
    moved: bool,
    /// The party adjectives' places and codes, by start.
    adjectives: Vec<(usize, &'static str)>,
    /// Whether the sentence says it is background or a total
    /// ([`says_background`]; the peg reads it).
    background: bool,
}

impl SentenceNote {
    fn new(text: &str, tags: &[Tag]) -> Self {
        SentenceNote {
            period_days: period_days(text, tags),
            moved: tags.iter().any(|t| matches!(t.cat, Cat::Give | Cat::Return | Cat::Total)),
            adjectives: tags
                .iter()
                .filter(|t| t.cat == Cat::PartyAdjective)
                .map(|t| (t.start, tagger::party_code(t.value)))
                .collect(),
            background: says_background(tags),
        }
    }

    /// The note of a claim whose count ends at `after_at`, made by `rule`.
    fn note(&self, after_at: usize, rule: &str) -> ClaimNote {
        let adjective = |from: usize| {
            self.adjectives.iter().find(|(start, _)| *start >= from).map(|(_, code)| code.to_string())
        };
        ClaimNote {
            rule: rule.to_string(),
            period_days: self.period_days,
            moved: self.moved,
            nationality_after: adjective(after_at),
            nationality: adjective(0),
        }
    }
}

/// The tags of a sentence that opens its block (its offset 0), as
/// [`sentence_tags`] gives them, as a range of the block's: those starting
/// in it, when every one ends in it (`None` for another sentence, or one a
/// tag runs past).
fn opening_tags(block: &[Tag], s: &Sentence) -> Option<std::ops::Range<usize>> {
    if s.offset != 0 {
        return None;
    }
    let end = s.text.len();
    let within = block.iter().take_while(|t| t.start < end).count();
    block[..within].iter().all(|t| t.end <= end).then_some(0..within)
}

/// The tags of a sentence, pushed to `out`: its block's within it, with
/// offsets in the sentence.
fn sentence_tags(block: &[Tag], s: &Sentence, out: &mut Vec<Tag>) {
    let end = s.offset + s.text.len();
    let first = block.partition_point(|t| t.start < s.offset);
    let within = &block[first..];
    let within = &within[..within.iter().take_while(|t| t.start < end).count()];
    let moved = |t: &Tag| Tag { start: t.start - s.offset, end: t.end - s.offset, ..t.clone() };
    if within.iter().all(|t| t.end <= end) {
        // (most sentences: every tag, copied without a test and a check
        // of the list's room for each)
        out.extend(within.iter().map(moved));
    } else {
        out.extend(within.iter().filter(|t| t.end <= end).map(moved));
    }
}

/// Whether a sentence's tags say it is background or a total ("earlier",
/// "so far"): the peg leaves its counts undated.
fn says_background(tags: &[Tag]) -> bool {
    tags.iter().any(tagger::is_background_or_total)
}

/// Whether a sentence names a year besides the claim's `count` ("В 2022
/// году Украина вернула 1200 пленных"): the peg leaves the claim undated. A
/// count shaped like a year ("returned 2000 prisoners") is no year.
fn names_a_year(tags: &[Tag], count: Option<&crate::quantity::Found>) -> bool {
    let is_count = |t: &Tag| count.is_some_and(|q| q.number_start <= t.start && t.end <= q.end);
    tags.iter().any(|t| tagger::is_year_number(t) && !is_count(t))
}

/// Whether tags name a claim's subject (remains, prisoners, people).
/// Blocks whose sentences can make claims.
fn is_prose(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem | BlockKind::Heading)
}

/// "12 bodies from one front, 107 from another and two from a third": counts
/// of one sentence that add up to a transfer the article gave before, in the
/// same direction, are its parts, not transfers of their own.
fn drop_parts_of_earlier(drafts: &mut Vec<Draft>, earlier: &[Claim]) {
    /// What was moved, from, to.
    type Way<'a> = (Subject, Option<&'a str>, Option<&'a str>);
    // per way: the sum of the counts and how many there are
    let mut groups: BTreeMap<Way, (u64, usize)> = BTreeMap::new();
    for d in drafts.iter().filter(|d| d.kind == ClaimKind::Transfer && d.from.is_some() && d.to.is_some()) {
        if let Some(q) = &d.quantity {
            let entry = groups.entry((d.subject, d.from, d.to)).or_default();
            entry.0 = entry.0.saturating_add(q.value);
            entry.1 += 1;
        }
    }
    for ((subject, from, to), (sum, n)) in groups {
        let restated = n >= 2
            && earlier.iter().any(|c| {
                c.kind == ClaimKind::Transfer
                    && c.subject == subject
                    && c.from.as_deref() == from
                    && c.to.as_deref() == to
                    && c.quantity.as_ref().is_some_and(|q| q.value == sum)
            });
        if restated {
            drafts.retain(|d| {
                !(d.kind == ClaimKind::Transfer
                    && d.subject == subject
                    && d.from == from
                    && d.to == to
                    && d.quantity.is_some())
            });
        }
    }
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
        each_clause(text, |s, e| {
            let span = match doc.block_maps.get(block_index) {
                Some(map) => map.span(s, e),
                None => Span::new(block.span.start + s, block.span.start + e),
            };
            out.push(Sentence { text: &text[s..e], span, offset: s, block: block_index });
        });
    }
    out
}

/// The byte ranges of a block's sentences, trimmed, each clause joined by a
/// semicolon on its own (they are reported separately); empty ones and
/// those over [`MAX_SENTENCE`] left out.
fn each_clause(text: &str, mut f: impl FnMut(usize, usize)) {
    sentences::each(text, |start, end| {
        // A sentence comes trimmed and not empty: without a semicolon it
        // is its one clause (most are).
        if memchr::memchr(b';', &text.as_bytes()[start..end]).is_none() {
            if end - start <= MAX_SENTENCE {
                f(start, end);
            }
            return;
        }
        let mut clause_start = start;
        for piece in text[start..end].split_inclusive(';') {
            let clause_end = clause_start + piece.len();
            let trimmed = piece.trim_end_matches(';').trim();
            if !trimmed.is_empty() && trimmed.len() <= MAX_SENTENCE {
                let lead = piece.len() - piece.trim_start().len();
                let s = clause_start + lead;
                f(s, s + trimmed.len());
            }
            clause_start = clause_end;
        }
    });
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

/// Who gives and who receives.
type Direction = (Option<&'static str>, Option<&'static str>);

/// The two parties the article mentions most (the sides of its transfers);
/// with one, its counterpart in the lexicon.
fn main_parties(tags: &[&[Tag]]) -> (Option<&'static str>, Option<&'static str>) {
    // (a few parties an article: a list, searched, costs less than a map)
    let mut ranked: Vec<(&'static str, usize)> = Vec::new();
    for t in tags {
        for m in parties::each_mention(t.iter()) {
            match ranked.iter_mut().find(|(code, _)| *code == m.code) {
                Some((_, n)) => *n += 1,
                None => ranked.push((m.code, 1)),
            }
        }
    }
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let first = ranked.first().map(|r| r.0);
    // an article that names one side only: its transfers are with the
    // party's counterpart ("the bodies of 100 defenders were returned to Ukraine")
    let second = ranked.get(1).map(|r| r.0).or_else(|| first.and_then(tally_lexicon::counterpart));
    (first, second)
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

/// The most claims one sentence drafts. Real sentences make a few; a run-on
/// list of numbers and dates would make one per pair (thousands in 4 KB),
/// each carrying the sentence's text.
pub const MAX_CLAIMS_PER_SENTENCE: usize = 32;

/// "У п'ятницю звільнили 390 українців, ще 307 — у суботу", "released
/// 390 on Friday and 307 on Saturday": in a sentence with several dates
/// (`found`: each with its place; `dates`: each as read), a count whose
/// clause holds one or more of them keeps its copies of those dates only,
/// never a copy dated by another clause's day. A count whose clause has
/// none, or with no copy of such a date, keeps every date, as before.
fn keep_the_dates_of_their_clauses(
    drafts: &mut Vec<Draft>,
    text: &str,
    found: &[(DateExpr, usize, usize)],
    dates: &[DateExpr],
) {
    // whether each draft's date is one its count's clause holds (or the
    // clause holds none)
    let fits: Vec<bool> = drafts
        .iter()
        .map(|d| {
            let (Some(q), Some(date)) = (&d.quantity, &d.date) else { return true };
            let (start, end) = dates::clause_range(text, q.number_start);
            let mut in_clause = found
                .iter()
                .zip(dates)
                .filter(|((_, s, e), _)| *s >= start && *e <= end)
                .map(|(_, d)| d)
                .peekable();
            in_clause.peek().is_none() || in_clause.any(|d| d == date)
        })
        .collect();
    // the same count, way and kind: copies of one claim by date
    let same = |a: &Draft, b: &Draft| {
        a.quantity.as_ref().map(|q| q.number_start) == b.quantity.as_ref().map(|q| q.number_start)
            && (a.kind, a.subject, a.from, a.to) == (b.kind, b.subject, b.from, b.to)
    };
    // a copy dated outside its clause goes only when a copy inside stays
    let keep: Vec<bool> = (0..drafts.len())
        .map(|i| fits[i] || !(0..drafts.len()).any(|j| j != i && fits[j] && same(&drafts[i], &drafts[j])))
        .collect();
    let mut k = keep.iter();
    drafts.retain(|_| *k.next().unwrap_or(&true));
}

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
    pub(crate) fn push_transfer_per_date(
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

/// A claim's id, "{article}-c{n}": one exact allocation and no formatting
/// machinery, once per claim.
fn claim_id(article: &str, n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(article.len() + 2 + digits.len());
    id.push_str(article);
    id.push_str("-c");
    id.push_str(digits);
    id
}

/// Whether two claims of one sentence say the same: the same kind, subject,
/// sides, count (its words too), status and date window.
fn same_claim(a: &Claim, b: &Claim) -> bool {
    let quantity = |c: &Claim| c.quantity.as_ref().map(|q| (q.value, q.qualifier, q.span));
    let window = |c: &Claim| c.date.as_ref().map(|d| (d.start, d.end));
    (a.kind, a.subject, &a.from, &a.to, a.status, a.span)
        == (b.kind, b.subject, &b.from, &b.to, b.status, b.span)
        && quantity(a) == quantity(b)
        && window(a) == window(b)
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
        id: claim_id(&facts.article_id, facts.claims.len() + 1),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`main_parties`] as it counted mentions before: in a map by code.
    fn main_parties_by_map(tags: &[&[Tag]]) -> (Option<&'static str>, Option<&'static str>) {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for t in tags {
            for m in parties::each_mention(t.iter()) {
                *counts.entry(m.code).or_default() += 1;
            }
        }
        let mut ranked: Vec<_> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let first = ranked.first().map(|r| r.0);
        let second = ranked.get(1).map(|r| r.0).or_else(|| first.and_then(tally_lexicon::counterpart));
        (first, second)
    }

    proptest! {
        /// The parties counted in a list rank as those counted in a map,
        /// ties and all.
        #[test]
        fn parties_counted_in_a_list_rank_as_in_a_map(
            sentences in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![
                    "Russia", "Ukraine", "Russian", "Ukrainian", "Israel", "Hamas", "Kyiv", "Moscow",
                    "Украина", "России", "українських", "the", "returned", "bodies", "to",
                ]), 0..8),
                0..6,
            )
        ) {
            let texts: Vec<String> = sentences.iter().map(|w| w.join(" ")).collect();
            let tagged: Vec<Vec<Tag>> = texts.iter().map(|t| tagger::tag(t)).collect();
            let tags: Vec<&[Tag]> = tagged.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(main_parties(&tags), main_parties_by_map(&tags), "{:?}", texts);
        }
    }

    proptest! {
        /// The tags an opening sentence takes from its block in place are
        /// those copied for it, for blocks of one sentence or several,
        /// clauses, and forms running over a sentence's end.
        #[test]
        fn an_opening_sentences_tags_in_place_are_those_copied(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "Russia", "returned", "the", "bodies", "of", "212", "soldiers", "to", "Ukraine", ".", ";", "?",
                " ", "  ", "Gen.", "U.S.", "1,000", "prisoners", "of war", "in exchange", "for", "said", "\u{a0}",
                "Россия", "передала", "тела", "пленных", ". ", "; ",
            ]), 0..16)
        ) {
            let text: String = words.concat();
            let block = tagger::tag(&text);
            each_clause(&text, |start, end| {
                let s = Sentence { text: &text[start..end], span: Span::new(start, end), offset: start, block: 0 };
                if let Some(range) = opening_tags(&block, &s) {
                    let mut copied = Vec::new();
                    sentence_tags(&block, &s, &mut copied);
                    assert_eq!(block[range].to_vec(), copied, "{text:?} at {start}..{end}");
                }
            });
        }
    }
    use tally_model::AttributionKind;

    /// A sentence's speaker: none, a name (of three), a pronoun or nobody
    /// named, with or without a channel and a relay of its own.
    fn spoken() -> impl Strategy<Value = Option<Speaker>> {
        let extra = || proptest::option::of(proptest::sample::select(vec!["Telegram", "RIA Novosti"]));
        prop_oneof![
            Just(None),
            (0..3u8, extra(), extra()).prop_map(|(n, channel, via)| Some(Speaker::Named(Attribution {
                name: format!("Speaker {n}"),
                kind: AttributionKind::Person,
                channel: channel.map(str::to_string),
                via: via.map(str::to_string),
            }))),
            (extra(), extra()).prop_map(|(c, v)| Some(Speaker::Continues {
                channel: c.map(str::to_string),
                via: v.map(str::to_string)
            })),
            (extra(), extra()).prop_map(|(c, v)| Some(Speaker::Outlet {
                channel: c.map(str::to_string),
                via: v.map(str::to_string)
            })),
        ]
    }

    /// Background and total words, near misses and what ends a sentence
    /// or clause, for [`a_sentence_holds_background_words_as_its_block_tags_say`].
    fn block_words() -> impl Strategy<Value = String> {
        let words = vec![
            "earlier",
            "Earlier",
            "so far",
            "So far",
            "in all",
            "in total",
            "total",
            "totally",
            "previously",
            "ранее",
            "Ранее",
            "попередній",
            "всего",
            "загалом",
            "so",
            "far",
            "in",
            "all",
            "Russia",
            "returned",
            "1,000",
            "bodies",
            "U.S.",
            "Mr.",
            "St.",
            "’",
            "'",
            "\"",
            "”",
            ")",
            "»",
            "-",
            "ё",
            "İ",
            "\u{301}",
            "\u{ad}",
            ".",
            ". ",
            "! ",
            "? ",
            ";",
            "; ",
            ".\" ",
            ".’ ",
            ".) ",
            ",",
            " ",
            "\u{a0}",
            "\n",
        ];
        proptest::sample::select(words).prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// A sentence's tags are its block's wholly inside it, with offsets
        /// in the sentence (some block tags cross a sentence's ends).
        #[test]
        fn a_sentence_takes_the_block_tags_inside_it(
            spans in proptest::collection::vec((0usize..40, 1usize..6), 0..12),
            from in 0usize..40,
            len in 0usize..20,
        ) {
            let text = " ".repeat(60);
            let mut block: Vec<Tag> = spans.iter().map(|&(start, n)| Tag { cat: Cat::Number, start, end: start + n, value: 0 }).collect();
            block.sort_by_key(|t| t.start);
            let sentence = Sentence { text: &text[from..from + len], span: Span::new(from, from + len), offset: from, block: 0 };
            let mut sliced = Vec::new();
            sentence_tags(&block, &sentence, &mut sliced);
            let by_filter: Vec<Tag> = block
                .iter()
                .filter(|t| t.start >= from && t.start < from + len && t.end <= from + len)
                .map(|t| Tag { start: t.start - from, end: t.end - from, ..t.clone() })
                .collect();
            prop_assert_eq!(sliced, by_filter);
        }

        /// The peg reads whether a claim's sentence holds a background or
        /// total word from the sentence's slice of its block's tags: the
        /// answer tagging the sentence alone gives.
        #[test]
        fn a_sentence_holds_background_words_as_its_block_tags_say(
            parts in proptest::collection::vec(block_words(), 0..16),
            glue in proptest::collection::vec("[ ,]|  |", 16),
        ) {
            let text: String = parts.iter().zip(&glue).flat_map(|(p, g)| [p.as_str(), g.as_str()]).collect();
            let block = tagger::tag(&text);
            let mut clauses = Vec::new();
            each_clause(&text, |s, e| clauses.push((s, e)));
            for (s, e) in clauses {
                let sentence = Sentence { text: &text[s..e], span: Span::new(s, e), offset: s, block: 0 };
                let mut sliced = Vec::new();
                sentence_tags(&block, &sentence, &mut sliced);
                // the block's tags wholly inside the sentence, read one by one
                let by_filter: Vec<Tag> = block
                    .iter()
                    .filter(|t| t.start >= s && t.start < e && t.end <= e)
                    .map(|t| Tag { start: t.start - s, end: t.end - s, ..t.clone() })
                    .collect();
                prop_assert_eq!(&sliced, &by_filter, "{:?} in {:?}", sentence.text, text);
                prop_assert_eq!(says_background(&sliced), tagger::has_background_or_total(sentence.text), "{:?} in {:?}", sentence.text, text);
            }
        }
    }

    /// [`each_clause`] as it was written before sentences came one by one
    /// and a sentence without a semicolon skipped the clause split.
    fn clauses_by_split(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (start, end) in sentences::split(text) {
            let mut clause_start = start;
            for piece in text[start..end].split_inclusive(';') {
                let clause_end = clause_start + piece.len();
                let trimmed = piece.trim_end_matches(';').trim();
                if !trimmed.is_empty() && trimmed.len() <= MAX_SENTENCE {
                    let lead = piece.len() - piece.trim_start().len();
                    let s = clause_start + lead;
                    out.push((s, s + trimmed.len()));
                }
                clause_start = clause_end;
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// A block's clauses are those splitting its sentences at every
        /// semicolon gives (a long run of letters makes sentences near and
        /// over the longest kept).
        #[test]
        fn clauses_are_those_the_split_at_every_semicolon_gives(
            parts in proptest::collection::vec(
                prop_oneof![8 => block_words(), 1 => (2000..2100usize).prop_map(|n| "w".repeat(n))],
                0..16,
            ),
            glue in proptest::collection::vec("[ ,;]|  |", 16),
        ) {
            let text: String = parts.iter().zip(&glue).flat_map(|(p, g)| [p.as_str(), g.as_str()]).collect();
            let mut clauses = Vec::new();
            each_clause(&text, |s, e| clauses.push((s, e)));
            prop_assert_eq!(clauses, clauses_by_split(&text), "{:?}", text);
        }
    }

    proptest! {
        /// A claim id written without `format!` is the one `format!` writes.
        #[test]
        fn claim_ids_are_those_format_writes(article in "\\PC{0,12}", n in any::<usize>()) {
            prop_assert_eq!(claim_id(&article, n), format!("{article}-c{n}"));
            for small in [0, 1, 9, 10, 99, 100, 999_999] {
                prop_assert_eq!(claim_id(&article, small), format!("{article}-c{small}"));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        /// A claim's attribution, the walk back taken only when its own
        /// speaker continues the one before, is its own speaker resolved
        /// against the speaker before it, as if every claim walked back.
        #[test]
        fn attributions_walk_back_only_for_a_speaker_that_continues(
            parsed in proptest::collection::vec(spoken(), 0..24),
            texts in proptest::collection::vec(
                proptest::sample::select(vec!["", "Nothing is said here.", "He said so.", "Officials told reporters."]),
                24,
            ),
            asked in proptest::collection::vec(any::<bool>(), 24),
        ) {
            let sentences: Vec<Sentence> = texts[..parsed.len()]
                .iter()
                .map(|&text| Sentence { text, span: Span::new(0, text.len()), offset: 0, block: 0 })
                .collect();
            let speakers = || Speakers {
                sentences: &sentences,
                tags: &[],
                cyrillic: &[],
                parsed: parsed.iter().cloned().map(Some).collect(),
                known: None,
            };
            let (mut lazy, mut eager) = (speakers(), speakers());
            for index in (0..parsed.len()).filter(|&i| asked[i]) {
                let previous = eager.before(index);
                let expected = match eager.spoken(index) {
                    Some(spoken) => spoken.resolve(&previous, "outlet"),
                    None => attribution::speaker(sentences[index].text).resolve(&previous, "outlet"),
                };
                prop_assert_eq!(lazy.attribution(index, "outlet"), expected, "{}", index);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        /// The speaker worked out backwards from a claim's sentence is the
        /// one a walk forward through every sentence holds there: each
        /// speech sentence's attribution, given the speaker before it,
        /// becomes the speaker unless it is the outlet.
        #[test]
        fn speakers_worked_out_backwards_are_those_of_a_walk_forward(
            parsed in proptest::collection::vec(spoken(), 0..24),
            asked in proptest::collection::vec(any::<bool>(), 24),
        ) {
            let mut speakers = Speakers {
                sentences: &[],
                tags: &[],
                cyrillic: &[],
                parsed: parsed.iter().cloned().map(Some).collect(),
                known: None,
            };
            let mut last: Option<Attribution> = None;
            for (index, spoken) in parsed.iter().enumerate() {
                if asked[index] {
                    prop_assert_eq!(speakers.before(index), last.clone(), "{}", index);
                }
                if let Some(a) = spoken.as_ref().map(|s| s.resolve(&last, "outlet")) {
                    if a.kind != AttributionKind::Outlet {
                        last = Some(a);
                    }
                }
            }
        }
    }
}
