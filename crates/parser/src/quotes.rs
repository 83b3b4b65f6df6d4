//! Quotations and their speakers: straight, curly and «» quotes; the speaker
//! from "…, X said", "X said: …", "said X", "according to X", "X wrote on
//! Telegram", or a speaker named in the next paragraph. "The source" is
//! resolved to the source the article introduced earlier, and a surname to
//! the full name used before.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

use regex::Regex;
use tally_model::{Quote, Span, SpanMap};

use crate::names::last_person_name;
use crate::text::{word_count, words_at_least};

const VERBS: &str = r"said|says|added|stated|told|wrote|posted|announced|noted|explained|declared|stressed|insisted|claimed|warned|expressed|confirmed|reported|tweeted|commented|remarked";

// Length limits on a speaker are checked after matching: a counted
// repetition such as `[^,.;]{2,120}?` makes the lazy DFA so large that its
// cache thrashes, which cost more than all the rest of the quote stage.
//
// The speaker right after a quote is defined by two regexes on the rest of
// the block: the `who` of `^[\s,]*(?:VERBS)\s+(?P<who>[^,.;]{2,}?)(?:[,.;]|$)`
// (", said X,") if at most 80 characters, else that of
// `^[\s,]*(?P<who>[^,.;]{2,}?)\s+(?:VERBS)(?-u:\b)` (", X said") if at most 120.
// Run per quote they read on to the next ',', '.' or ';', so a paragraph of
// quotes without one took quadratic time. `Block::speaker_after` gets the same
// `who` from the smaller searches below, which meet each byte of a block about
// once; its test holds it to the two regexes.
/// "said " at the start of the text (a verb is a prefix of no other).
static VERB_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{VERBS})\s+")).expect("valid regex"));
/// "said" at the start of the text, as a word.
static VERB_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{VERBS})(?-u:\b)")).expect("valid regex"));
/// " said" wherever it starts: where a speaker before the verb can end.
static SPACE_VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\s+(?:{VERBS})(?-u:\b)")).expect("valid regex"));
const AFTER_VERB_MAX_CHARS: usize = 80;
const AFTER_WHO_MAX_CHARS: usize = 120;
/// "X said:" before a quote: the end of the clause after the speaker.
static BEFORE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\s+(?:{VERBS}|saying|says)(?:\s+(?:on|in|to)\s+(?-u:[\w ]){{1,30}}?)?(?:,?\s+(?:saying|adding))?(?:\s+that)?\s*[,:]?\s*$")).expect("valid regex")
});
const BEFORE_WHO_MAX_CHARS: usize = 160;
/// The most characters other than white space a match of `BEFORE_TAIL` has:
/// a verb (9), "on" and 30 of `[\w ]`, ",", "saying", "that" and ":".
const BEFORE_TAIL_MAX_WORD_CHARS: usize = 9 + 2 + 30 + 1 + 6 + 4 + 1;
/// The words a match of `BEFORE_TAIL` holds one of: a literal search for
/// them rules out most clauses without the lazy DFA, whose states for the
/// tail's counted repetition cost more to build than all its searches.
static BEFORE_TAIL_VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{VERBS}|saying|says")).expect("valid regex"));
static NEXT_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?P<who>[^.]{{2,}}?)\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
});
const NEXT_SPEAKER_MAX_CHARS: usize = 200;
static SOURCE_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:an?|one)\s+(?:\w+\s+)?source(?:s)?\s+(?:from|in|within|close to|at|familiar with)\s+[^,.;]{3,80}?(?:\s+told|\s+said|,|\.|;|$)").expect("valid regex")
});

/// A body block's text with its source map.
pub struct BodyText<'a> {
    pub text: &'a str,
    pub map: &'a SpanMap,
}

fn pairs(text: &str) -> Vec<(usize, usize)> {
    // (open byte, close byte) pairs for “”, «», and straight quotes in order.
    // Only the bytes that can start a quote mark are visited: `"`, and the
    // lead bytes of “ ” (0xE2) and « » (0xC2).
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, text.as_bytes()) {
        let Some(c) = text[i..].chars().next() else { continue };
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((i, c)),
            (None, '"') => open = Some((i, '"')),
            (Some((o, '“')), '”') | (Some((o, '«')), '»') | (Some((o, '"')), '"') => {
                out.push((o, i));
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn clean_who(who: &str) -> Option<String> {
    let mut w =
        who.trim().trim_matches(|c: char| c == ',' || c == '"' || c == '“' || c == '”').trim().to_string();
    // Drop leading time phrases ("On Wednesday, a Ukrainian agency").
    if let Some(i) = w.rfind(", ") {
        let tail = w[i + 2..].to_string();
        if word_count(&tail) >= 1 && !tail.is_empty() {
            let head = &w[..i];
            if head.starts_with("On ")
                || head.starts_with("Later")
                || head.starts_with("Earlier")
                || head.starts_with("In ")
                || word_count(head) <= 3 && tail.split_whitespace().count() >= 2
            {
                w = tail;
            }
        }
    }
    if let Some(name) = last_person_name(&w) {
        return Some(name);
    }
    let lw = w.to_lowercase();
    let pronoun = ["he", "she", "they", "it", "we", "i"].contains(&lw.as_str());
    (!pronoun && word_count(&w) <= 10 && !w.is_empty()).then_some(w)
}

/// Finds every quotation of at least three words in the body.
pub fn find(blocks: &[BodyText<'_>]) -> Vec<Quote> {
    let mut speakers = Speakers::new(blocks);
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let t = b.text;
        let mut block = Block::new(t);
        for Quotation { open: o, text_start, close: c, words: inner, after } in quotations(t) {
            let (sentence_start, clause_start) = block.starts_before(o);
            // Nothing but spaces between the sentence start and the quote.
            let opens_sentence = t[..o].trim_end().len() <= sentence_start;
            let mut who = block.speaker_after(after).and_then(clean_who);
            if who.is_none() {
                who = according_to(&t[after..]).and_then(clean_who);
            }
            if who.is_none() && !opens_sentence {
                who = speaker_before(&t[clause_start..o]).and_then(clean_who);
            }
            if who.is_none() && block.trimmed_len_from(after) <= 2 && opens_sentence {
                // A quote standing alone: the speaker is named in the next paragraph.
                if let Some(next) = blocks.get(bi + 1) {
                    who = named(&NEXT_SPEAKER, next.text, NEXT_SPEAKER_MAX_CHARS).and_then(clean_who);
                }
            }
            out.push(Quote {
                text: inner.to_string(),
                speaker: who.map(|w| speakers.resolve(w)),
                span: quote_span(b.map, text_start, c),
            });
        }
    }
    out
}

/// A quotation in a block: its opening mark at `open`, its words (trimmed,
/// at least three) between `text_start` and the closing mark at `close`,
/// and the text after the closing mark from `after`.
struct Quotation<'t> {
    open: usize,
    text_start: usize,
    close: usize,
    words: &'t str,
    after: usize,
}

/// The quotations of at least three words in `text`, in order.
fn quotations(text: &str) -> impl Iterator<Item = Quotation<'_>> {
    pairs(text).into_iter().filter_map(move |(open, close)| {
        let text_start = open + text[open..].chars().next().map_or(1, char::len_utf8);
        let words = text[text_start..close].trim();
        let after = close + text[close..].chars().next().map_or(1, char::len_utf8);
        words_at_least(words, 3).then_some(Quotation { open, text_start, close, words, after })
    })
}

/// One block's quotes, visited in order. What each quote needs from the text
/// around it is kept from the quote before, so no quote searches back to the
/// block start or on to its end: the quotes of one long paragraph cost time
/// linear in it.
struct Block<'t> {
    text: &'t str,
    /// The end of the text without its trailing spaces.
    content_end: usize,
    /// Sentence ends and ';' are known up to here.
    scanned: usize,
    sentence_start: usize,
    /// Just after the last ';' (0 before any).
    after_semicolon: usize,
    /// The next ',', '.' or ';'.
    punct: NextMatch,
    /// The next `\s+VERB\b` (`SPACE_VERB`).
    verb: NextMatch,
}

/// A forward search's answer, "the first match at or after `from`", which
/// also answers every later start up to the match.
struct NextMatch {
    from: usize,
    at: Option<usize>,
}

impl NextMatch {
    const UNKNOWN: NextMatch = NextMatch { from: usize::MAX, at: None };

    fn get(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        if self.from > from || self.at.is_some_and(|at| at < from) {
            *self = NextMatch { from, at: search(from) };
        }
        self.at
    }
}

impl<'t> Block<'t> {
    fn new(text: &'t str) -> Self {
        Block {
            text,
            content_end: text.trim_end().len(),
            scanned: 0,
            sentence_start: 0,
            after_semicolon: 0,
            punct: NextMatch::UNKNOWN,
            verb: NextMatch::UNKNOWN,
        }
    }

    /// The start of the sentence (after the last '.', '!' or '?') and of the
    /// clause (also after the last ';') that a quote opening at `open` is in.
    /// Quotes must come in order.
    fn starts_before(&mut self, open: usize) -> (usize, usize) {
        let new = &self.text.as_bytes()[self.scanned..open];
        if let Some(i) = memchr::memrchr3(b'.', b'!', b'?', new) {
            self.sentence_start = self.scanned + i + 1;
        }
        if let Some(i) = memchr::memrchr(b';', new) {
            self.after_semicolon = self.scanned + i + 1;
        }
        self.scanned = open;
        (self.sentence_start, self.after_semicolon.max(self.sentence_start))
    }

    /// `text[from..].trim().len()`, without walking the spaces at the block end.
    fn trimmed_len_from(&self, from: usize) -> usize {
        let start = self.text.len() - self.text[from..].trim_start().len();
        self.content_end.saturating_sub(start)
    }

    /// The speaker named right after a quote that ends at `after`: ", said X"
    /// if at most 80 characters, else ", X said" if at most 120 (the regexes
    /// at the top of the file).
    fn speaker_after(&mut self, after: usize) -> Option<&'t str> {
        let t = self.text;
        // `[\s,]*`: only its longest form can be followed by a verb or a speaker.
        let m = t.len() - t[after..].trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
        let punct = self
            .punct
            .get(m, |from| memchr::memchr3(b',', b'.', b';', &t.as_bytes()[from..]).map(|i| from + i));
        let stop = punct.unwrap_or(t.len());
        self.said_who(m, stop).or_else(|| self.who_said(after, m, stop))
    }

    /// ", said X,": the verb at `m`, then the speaker up to `stop` (the next
    /// ',', '.' or ';', or the end), at most 80 characters.
    fn said_who(&self, m: usize, stop: usize) -> Option<&'t str> {
        let t = self.text;
        let spaces_end = m + VERB_SPACE.find(&t[m..])?.end();
        let verb_end = m + t[m..spaces_end].trim_end().len();
        // The lazy `who` of two or more characters ends at `stop`; when fewer
        // than two come before it, the spaces after the verb give some back
        // (keeping one).
        let start = if t[spaces_end..stop].chars().nth(1).is_some() {
            spaces_end
        } else {
            t[..stop].char_indices().rev().nth(1).map(|(i, _)| i).filter(|&i| i > verb_end)?
        };
        let who = &t[start..stop];
        who.chars().nth(AFTER_VERB_MAX_CHARS).is_none().then_some(who)
    }

    /// ", X said": the speaker from `m` to the first `\s+VERB\b` at least two
    /// characters on and before `stop`, at most 120 characters. `after` is
    /// where the text after the quote starts.
    fn who_said(&mut self, after: usize, m: usize, stop: usize) -> Option<&'t str> {
        let t = self.text;
        let m1 = m + t[m..].chars().next()?.len_utf8();
        let mut next_verb =
            |from: usize| self.verb.get(from, |from| SPACE_VERB.find_at(t, from).map(|v| v.start()));
        let verb_at_m1 = next_verb(m1);
        let verb = match verb_at_m1 {
            Some(v) if v == m1 => next_verb(m1 + t[m1..].chars().next().map_or(0, char::len_utf8)),
            other => other,
        };
        if let Some(end) = verb.filter(|&v| v < stop) {
            let who = &t[m..end];
            return who.chars().nth(AFTER_WHO_MAX_CHARS).is_none().then_some(who);
        }
        // Otherwise the regex gives spaces of `[\s,]*` back to the speaker:
        // " x said" names " x"; "   said" (three spaces or more, then the verb)
        // names the two spaces before the last.
        let mut spaces =
            t[after..m].char_indices().rev().take_while(|&(_, c)| c.is_whitespace()).map(|(i, _)| after + i);
        let last = spaces.next()?;
        if verb_at_m1 == Some(m1) && stop > m {
            return Some(&t[last..m1]);
        }
        let first = spaces.nth(1)?;
        VERB_WORD.is_match(&t[m..]).then(|| &t[first..last])
    }
}

/// "according to X" at the start of `text` (after spaces and commas): X is
/// the next 2 to 80 characters up to a ',', '.' or ';'. What the regex
/// `^[\s,]*according to (?P<who>[^,.;]{2,80})` captures (its test holds it
/// to it), without compiling 80 copies of a Unicode class.
fn according_to(text: &str) -> Option<&str> {
    let rest =
        text.trim_start_matches(|c: char| c.is_whitespace() || c == ',').strip_prefix("according to ")?;
    let (mut chars, mut end) = (0, 0);
    for c in rest.chars().take(ACCORDING_MAX_CHARS) {
        if matches!(c, ',' | '.' | ';') {
            break;
        }
        chars += 1;
        end += c.len_utf8();
    }
    (chars >= 2).then(|| &rest[..end])
}
const ACCORDING_MAX_CHARS: usize = 80;

/// The `who` group of `re` in `text`, if at most `max_chars` long.
fn named<'t>(re: &Regex, text: &'t str, max_chars: usize) -> Option<&'t str> {
    let who = re.captures(text)?.name("who")?.as_str();
    (who.chars().count() <= max_chars).then_some(who)
}

/// The speaker at the end of the clause before a quote ("X said:", "X
/// wrote on Telegram, saying that"): the text between the clause start and
/// the first place the clause's tail matches, at most 160 characters. The
/// clause starts after the last ';' of its sentence.
fn speaker_before(clause: &str) -> Option<&str> {
    // A match runs to the end: it starts after the last
    // `BEFORE_TAIL_MAX_WORD_CHARS + 1` characters that are not white space,
    // and holds a verb.
    let from = clause
        .char_indices()
        .rev()
        .filter(|&(_, c)| !c.is_whitespace())
        .nth(BEFORE_TAIL_MAX_WORD_CHARS)
        .map_or(0, |(i, c)| i + c.len_utf8());
    BEFORE_TAIL_VERB.find_at(clause, from)?;
    speaker_before_from(clause, from)
}

/// The speaker before the first tail of `clause` found at or after `from`
/// that leaves a speaker of two characters or more.
fn speaker_before_from(clause: &str, mut from: usize) -> Option<&str> {
    while let Some(tail) = BEFORE_TAIL.find_at(clause, from) {
        let head = &clause[..tail.start()];
        // The speaker's first character: at most 160 characters back.
        let start = head.char_indices().rev().nth(BEFORE_WHO_MAX_CHARS - 1).map_or(0, |(i, _)| i);
        let who = &head[start..];
        if who.chars().count() >= 2 {
            return Some(who);
        }
        from = tail.start() + clause[tail.start()..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn quote_span(map: &SpanMap, start: usize, end: usize) -> Span {
    map.span(start, end)
}

/// Speakers resolved against the whole body: "the source" to the source the
/// article introduced, a surname to the full name used first. The body is
/// joined, searched for a source and indexed for names only when first
/// needed, and each speaker is resolved once per article.
struct Speakers<'b> {
    blocks: &'b [BodyText<'b>],
    all: OnceCell<String>,
    source: OnceCell<Option<String>>,
    names: OnceCell<FullNames>,
    resolved: HashMap<String, String>,
}

impl<'b> Speakers<'b> {
    fn new(blocks: &'b [BodyText<'b>]) -> Self {
        Speakers {
            blocks,
            all: OnceCell::new(),
            source: OnceCell::new(),
            names: OnceCell::new(),
            resolved: HashMap::new(),
        }
    }

    fn resolve(&mut self, who: String) -> String {
        if let Some(r) = self.resolved.get(&who) {
            return r.clone();
        }
        let r = self.resolve_new(&who);
        self.resolved.insert(who, r.clone());
        r
    }

    /// "the source" -> the source introduced earlier; a surname -> the full name.
    fn resolve_new(&self, who: &str) -> String {
        let all = self.all.get_or_init(|| self.blocks.iter().map(|b| b.text).collect::<Vec<_>>().join("\n"));
        let lw = who.to_lowercase();
        if lw == "the source" || lw == "the sources" || lw == "source" {
            // Found once: "The source", "the Source"... all ask the same.
            let source = self.source.get_or_init(|| {
                SOURCE_INTRO.find(all).map(|m| {
                    let s = m.as_str();
                    let s = s
                        .trim_end_matches([',', '.', ';'])
                        .trim_end_matches(" told")
                        .trim_end_matches(" said");
                    s.trim().to_string()
                })
            });
            if let Some(s) = source {
                return s.clone();
            }
        }
        if word_count(who) == 1 && who.chars().next().is_some_and(char::is_uppercase) {
            if let Some(full) = self.names.get_or_init(|| FullNames::new(all)).first(all, who) {
                return full.to_string();
            }
        }
        who.to_string()
    }
}

/// A byte of a word for `\b`: an ASCII letter, digit or '_'.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The ASCII bytes of a name's characters: letters, '\'' and '-'.
static ASCII_NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphabetic() || b == b'\'' as usize || b == b'-' as usize;
        b += 1;
    }
    table
};

/// Where "Given " or "Given Middle " ends at `at` (a surname would start
/// there), the start of the first such word: one or two capitalised words of
/// letters, '\'', '’' or '-', each followed by one space, the first not
/// glued to a word before it.
fn name_start(all: &str, at: usize) -> Option<usize> {
    // The start of the capitalised word ending just before `end` (a space
    // follows it), walked back byte by byte: it runs for every space of the
    // body when the full names are indexed.
    let word_before = |end: usize| -> Option<usize> {
        let head = all[..end].strip_suffix(' ')?;
        let bytes = head.as_bytes();
        let mut start = head.len();
        // ASCII name bytes are skipped in one go; a character beyond ASCII
        // is decoded where the skip stops at one of its bytes.
        loop {
            let Some(i) = bytes[..start].iter().rposition(|&b| !ASCII_NAME_BYTE[usize::from(b)]) else {
                start = 0;
                break;
            };
            // Byte `i` ends a character: the bytes after it are ASCII.
            let c = head[..i + 1].chars().next_back().expect("a character ends here");
            if c.is_ascii() || !(c.is_alphabetic() || c == '’') {
                start = i + 1;
                break;
            }
            start = i + 1 - c.len_utf8();
        }
        let word = &head[start..];
        (word.len() >= 2 && word.starts_with(|c: char| c.is_ascii_uppercase())).then_some(start)
    };
    let boundary_before = |start: usize| start == 0 || !is_word_byte(all.as_bytes()[start - 1]);
    let first = word_before(at)?;
    word_before(first).filter(|&s| boundary_before(s)).or(boundary_before(first).then_some(first))
}

/// Whether the word before the space ending at `at` is ASCII lowercase
/// letters after a byte that is not part of a name (or the text start): a
/// word no name starts with, so `name_start(all, at)` is `None`. Most words
/// are; this quick look spares them the full one.
fn after_lowercase_word(all: &[u8], at: usize) -> bool {
    let end = at - 1; // the space
    let letters = all[..end].iter().rev().take_while(|b| b.is_ascii_lowercase()).count();
    let start = end - letters;
    start == 0 || (all[start - 1].is_ascii() && !ASCII_NAME_BYTE[usize::from(all[start - 1])])
}

/// The first "Given Surname" or "Given Middle Surname" in `all` ending with
/// `surname` (a whole word: no word byte follows), by a scan of every place
/// it occurs. `FullNames` answers the same from an index.
fn first_full_name<'a>(all: &'a str, surname: &str) -> Option<&'a str> {
    for (at, _) in all.match_indices(surname) {
        let end = at + surname.len();
        if all.as_bytes().get(end).is_some_and(|&b| is_word_byte(b)) {
            continue;
        }
        if let Some(start) = name_start(all, at) {
            return Some(&all[start..end]);
        }
    }
    None
}

/// The longest surname the index answers for: a speaker has at most 200
/// characters (the limits above). Longer ones are scanned for.
const LONGEST_SURNAME_CHARS: usize = 200;

/// The body indexed for `first_full_name`: a scan of the body per surname
/// took quadratic time for an article of many speakers. A surname found
/// starts right after "Given " and ends before a byte that is not a word
/// byte; so each such start is filed under every prefix of the text there
/// that ends so (up to a space or 200 characters), by a hash of the prefix,
/// the first start kept. A start takes one entry per such prefix, so at most
/// one per byte of the body. A surname with whitespace, or whose hash is
/// another prefix's, is scanned for.
struct FullNames<S = std::hash::RandomState> {
    hasher: S,
    /// (hash of a prefix, its first start), sorted.
    first: Vec<(u64, usize)>,
}

impl FullNames {
    fn new(all: &str) -> Self {
        FullNames::with_hasher(all, std::hash::RandomState::new())
    }
}

impl<S: BuildHasher> FullNames<S> {
    fn with_hasher(all: &str, hasher: S) -> Self {
        let mut first = Vec::new();
        for at in memchr::memchr_iter(b' ', all.as_bytes()).map(|i| i + 1) {
            if after_lowercase_word(all.as_bytes(), at) || name_start(all, at).is_none() {
                continue;
            }
            let mut h = hasher.build_hasher();
            let mut chars = all[at..].char_indices().enumerate();
            loop {
                let Some((n, (len, c))) = chars.next() else {
                    // The prefix to the end of the body.
                    if all.len() > at {
                        first.push((h.finish(), at));
                    }
                    break;
                };
                if n > 0 && !is_word_byte(all.as_bytes()[at + len]) {
                    first.push((h.finish(), at));
                }
                if c.is_whitespace() || n >= LONGEST_SURNAME_CHARS {
                    break;
                }
                h.write(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        // The first start of each prefix.
        first.sort_unstable();
        first.dedup_by_key(|&mut (hash, _)| hash);
        first.shrink_to_fit();
        FullNames { hasher, first }
    }

    /// `first_full_name(all, surname)` for the `all` this was built from.
    fn first<'a>(&self, all: &'a str, surname: &str) -> Option<&'a str> {
        if surname.is_empty()
            || surname.chars().nth(LONGEST_SURNAME_CHARS).is_some()
            || surname.contains(char::is_whitespace)
        {
            return first_full_name(all, surname);
        }
        let mut h = self.hasher.build_hasher();
        for c in surname.chars() {
            h.write(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        let hash = h.finish();
        let i = self.first.partition_point(|&(other, _)| other < hash);
        match self.first.get(i) {
            Some(&(other, at)) if other == hash => {
                let end = at + surname.len();
                let whole = all[at..].starts_with(surname)
                    && !all.as_bytes().get(end).is_some_and(|&b| is_word_byte(b));
                match name_start(all, at) {
                    Some(start) if whole => Some(&all[start..end]),
                    // Another prefix with the same hash.
                    _ => first_full_name(all, surname),
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Visiting only the bytes that can start a quote mark finds the
        /// pairs a walk over every character finds.
        #[test]
        fn quote_pairs_match_a_walk_over_every_character(text in "[a-z \"“”«»’éЖ€\u{a0}\u{2028}]{0,40}") {
            let mut expected = Vec::new();
            let mut open: Option<(usize, char)> = None;
            for (i, c) in text.char_indices() {
                match (open, c) {
                    (None, '“' | '«' | '"') => open = Some((i, c)),
                    (Some((o, '“')), '”') | (Some((o, '«')), '»') | (Some((o, '"')), '"') => {
                        expected.push((o, i));
                        open = None;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(pairs(&text), expected);
        }
    }

    /// The definition `Block::speaker_after` is held to (the code before it).
    mod reference {
        use super::super::*;

        static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(&format!(r"^[\s,]*(?:{VERBS})\s+(?P<who>[^,.;]{{2,}}?)(?:[,.;]|$)"))
                .expect("valid regex")
        });
        static ACCORDING: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^[\s,]*according to (?P<who>[^,.;]{2,80})").expect("valid regex"));
        static AFTER_WHO: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(&format!(r"^[\s,]*(?P<who>[^,.;]{{2,}}?)\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
        });

        /// `name_start` as it was: each word walked back character by character.
        pub fn name_start(all: &str, at: usize) -> Option<usize> {
            let is_name_char = |c: char| c.is_alphabetic() || c == '\'' || c == '’' || c == '-';
            let word_before = |end: usize| -> Option<usize> {
                let head = all[..end].strip_suffix(' ')?;
                let start = head.char_indices().rev().take_while(|&(_, c)| is_name_char(c)).last()?.0;
                let word = &head[start..];
                (word.len() >= 2 && word.starts_with(|c: char| c.is_ascii_uppercase())).then_some(start)
            };
            let boundary_before = |start: usize| start == 0 || !is_word_byte(all.as_bytes()[start - 1]);
            let first = word_before(at)?;
            word_before(first).filter(|&s| boundary_before(s)).or(boundary_before(first).then_some(first))
        }

        /// "according to X" by the regex.
        pub fn according_to(text: &str) -> Option<&str> {
            Some(ACCORDING.captures(text)?.name("who")?.as_str())
        }

        /// `speaker_before` as it was: the tail searched for from the clause start.
        pub fn speaker_before(clause: &str) -> Option<&str> {
            speaker_before_from(clause, 0)
        }

        /// `resolve` as it was: a search of the whole body per speaker.
        pub fn resolve(who: &str, all: &str) -> String {
            let lw = who.to_lowercase();
            if lw == "the source" || lw == "the sources" || lw == "source" {
                if let Some(m) = SOURCE_INTRO.find(all) {
                    let s = m.as_str();
                    let s = s
                        .trim_end_matches([',', '.', ';'])
                        .trim_end_matches(" told")
                        .trim_end_matches(" said");
                    return s.trim().to_string();
                }
            }
            if word_count(who) == 1 && who.chars().next().is_some_and(char::is_uppercase) {
                // The scan per surname (the fallback of `FullNames`) is its definition.
                if let Some(full) = super::super::first_full_name(all, who) {
                    return full.to_string();
                }
            }
            who.to_string()
        }

        pub fn speaker_after(after: &str) -> Option<&str> {
            named(&AFTER_VERB, after, AFTER_VERB_MAX_CHARS)
                .or_else(|| named(&AFTER_WHO, after, AFTER_WHO_MAX_CHARS))
        }

        /// `find` as it was: every quote searches back to its block start and
        /// on to its end.
        pub fn find(blocks: &[BodyText<'_>]) -> Vec<Quote> {
            let all_text = std::cell::OnceCell::new();
            let all_text =
                || all_text.get_or_init(|| blocks.iter().map(|b| b.text).collect::<Vec<_>>().join("\n"));
            let mut resolved: std::collections::HashMap<String, String> = std::collections::HashMap::new();
            let mut out = Vec::new();
            for (bi, b) in blocks.iter().enumerate() {
                let t = b.text;
                for Quotation { open: o, text_start, close: c, words: inner, after } in quotations(t) {
                    let after = &t[after..];
                    let before = &t[..o];
                    let sentence_start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
                    let mut who = speaker_after(after).and_then(clean_who);
                    if who.is_none() {
                        who = ACCORDING.captures(after).and_then(|m| clean_who(&m["who"]));
                    }
                    let sentence = &before[sentence_start..];
                    if who.is_none() && !sentence.trim().is_empty() {
                        let clause = &sentence[sentence.rfind(';').map_or(0, |i| i + 1)..];
                        who = self::speaker_before(clause).and_then(clean_who);
                    }
                    if who.is_none() && after.trim().len() <= 2 && sentence.trim().is_empty() {
                        if let Some(next) = blocks.get(bi + 1) {
                            who = named(&NEXT_SPEAKER, next.text, NEXT_SPEAKER_MAX_CHARS).and_then(clean_who);
                        }
                    }
                    let who =
                        who.map(|w| resolved.entry(w).or_insert_with_key(|w| resolve(w, all_text())).clone());
                    out.push(Quote {
                        text: inner.to_string(),
                        speaker: who,
                        span: quote_span(b.map, text_start, c),
                    });
                }
            }
            out
        }
    }

    /// Pieces of text around quotes: verbs whole and cut short, the marks that
    /// end a speaker or a sentence, odd spaces, and a run long enough to pass
    /// the 80- and 120-character limits.
    const PIECES: &[&str] = &[
        " ",
        "  ",
        "\n",
        "\u{a0}",
        ",",
        ", ",
        ".",
        ";",
        "!",
        "?",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "said",
        "told",
        "says",
        "saidx",
        "said_",
        "saidé",
        " said",
        "wrote on Telegram",
        "saying that",
        ":",
        "x",
        "é",
        "Ж",
        "Ann",
        "Lee",
        "Ann Lee",
        "Omar Haddad",
        "Haddad",
        "he",
        "the source",
        "according to ",
        "according to",
        "According to ",
        "\u{2028}",
        "A source in the city",
        "one two three",
        "lorem ipsum dolor sit amet consectetur adipiscing",
    ];

    fn pieces(max: usize) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The speaker after each quote of a block, asked in order, is the
        /// regexes' speaker on the rest of the block.
        #[test]
        fn the_speaker_after_a_quote_is_the_regexes(
            text in pieces(40),
            cuts in proptest::collection::vec(0..1000usize, 1..6),
        ) {
            let mut starts: Vec<usize> =
                cuts.iter().map(|&c| (0..=c % (text.len() + 1)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)).collect();
            starts.sort_unstable();
            let mut block = Block::new(&text);
            for &a in &starts {
                proptest::prop_assert_eq!(block.speaker_after(a), reference::speaker_after(&text[a..]), "from {}", a);
            }
        }

        /// The quotes found, their speakers included, are the ones the
        /// searches over the whole block found.
        #[test]
        fn quotes_are_the_ones_found_by_searching_whole_blocks(paragraphs in proptest::collection::vec(pieces(30), 1..4)) {
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let maps: Vec<SpanMap> = refs.iter().map(|p| SpanMap::identity(0, p.len())).collect();
            let blocks: Vec<BodyText> = refs.iter().zip(&maps).map(|(t, m)| BodyText { text: t, map: m }).collect();
            proptest::prop_assert_eq!(find(&blocks), reference::find(&blocks));
        }
    }

    /// Speakers either side of the 80- and 120-character limits.
    #[test]
    fn speaker_length_limits_are_the_regexes() {
        for n in 76..126 {
            for c in ["a", "é", "a b"] {
                let name = c.repeat(n).chars().take(n).collect::<String>();
                let cases = [
                    (format!(", said {name}."), 80),
                    (format!(" said  {name}"), 80),
                    (format!(", {name} said"), 120),
                    (format!(" {name}  told."), 120),
                ];
                for (after, limit) in cases {
                    let expected = reference::speaker_after(&after);
                    assert_eq!(expected.is_some(), n <= limit, "{after:?}");
                    assert_eq!(Block::new(&after).speaker_after(0), expected, "{after:?}");
                }
            }
        }
    }

    /// `\s` in the regexes and `char::is_whitespace` in the code are the same set.
    #[test]
    fn regex_spaces_are_rust_whitespace() {
        let space = Regex::new(r"^\s$").expect("valid regex");
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(space.is_match(c.encode_utf8(&mut buf)), c.is_whitespace(), "{c:?}");
        }
    }

    /// A paragraph of quotes costs time linear in it: each quote searched the
    /// rest of the paragraph for a speaker and back to its start for the
    /// sentence (minutes for these).
    #[test]
    fn a_paragraph_of_two_hundred_thousand_quotes_is_read_in_one_pass() {
        // No ',', '.' or ';' anywhere: a speaker after a quote would run on;
        // no sentence end: the speaker is the clause before each quote.
        let paragraphs = |n: usize| {
            [
                "Ann Lee said: ".to_string() + &"\"one two three\" and ".repeat(n),
                "Ann Lee said \"one two three\" ".repeat(n),
            ]
        };
        let small = paragraphs(50);
        let maps: Vec<SpanMap> = small.iter().map(|p| SpanMap::identity(0, p.len())).collect();
        let blocks: Vec<BodyText> =
            small.iter().zip(&maps).map(|(t, m)| BodyText { text: t, map: m }).collect();
        assert_eq!(find(&blocks), reference::find(&blocks));

        let n = 200_000;
        let [plain, before] = paragraphs(n);
        let found = q(&[&plain, &before]);
        assert_eq!(found.len(), 2 * n);
        assert!(found.iter().all(|quote| quote.text == "one two three"));
        assert_eq!(found[0].speaker.as_deref(), Some("Ann Lee"));
        assert!(found[1..n].iter().all(|quote| quote.speaker.is_none()), "{:?}", found[1]);
        assert!(found[n..].iter().all(|quote| quote.speaker.as_deref() == Some("Ann Lee")), "{:?}", found[n]);
        assert_eq!(found[2 * n - 1].span, Span::new(before.len() - 15, before.len() - 2));
    }

    /// Speakers are resolved from an index of the body: each new surname
    /// scanned the whole body, and each spelling of "the source" searched it
    /// for a source (minutes for these).
    #[test]
    fn a_hundred_thousand_speakers_are_resolved_from_one_index() {
        let n = 100_000;
        // Q, Øa-Lee, Qb, Øc-Lee, ...: ASCII and not, one cut ('-') and none.
        let surname = |i: usize| {
            let letters: String =
                (0..4).map(|k| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8)).collect();
            if i.is_multiple_of(2) {
                format!("Q{letters}")
            } else {
                format!("Ø{letters}-Lee")
            }
        };
        let quotes: Vec<String> =
            (0..n).map(|i| format!("\"These are quoted words,\" {} said.", surname(i))).collect();
        // Every spelling of "the source": the body introduces none, so they stay.
        let spelling = |bits: usize| -> String {
            "the source"
                .chars()
                .enumerate()
                .map(|(k, c)| if bits >> k & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect()
        };
        let sources: Vec<String> = (0..1 << 10)
            .map(|bits| format!("\"These are quoted words,\" {} said.", spelling(bits)))
            .collect();
        let names: Vec<String> = (0..n).map(|i| format!("Minister Ann {} spoke.", surname(i))).collect();
        let paragraphs: Vec<&str> = quotes.iter().chain(&sources).chain(&names).map(String::as_str).collect();
        let found = q(&paragraphs);
        assert_eq!(found.len(), n + sources.len());
        for (i, quote) in found[..n].iter().enumerate() {
            assert_eq!(quote.speaker, Some(format!("Minister Ann {}", surname(i))));
        }
        for (quote, bits) in found[n..].iter().zip(0..) {
            assert_eq!(quote.speaker, Some(spelling(bits)));
        }
    }

    /// Each speaker is looked up in the whole body once: thousands of quotes
    /// by one speaker took minutes when each searched the body again.
    #[test]
    fn thousands_of_quotes_by_one_speaker_are_all_resolved() {
        let quotes: Vec<String> =
            (0..20_000).map(|i| format!("\"These are the quoted words number {i},\" Smith said.")).collect();
        let mut paragraphs: Vec<&str> = quotes.iter().map(String::as_str).collect();
        paragraphs.push("The minister, John Smith, spoke last.");
        let found = q(&paragraphs);
        assert_eq!(found.len(), 20_000);
        assert!(found.iter().all(|quote| quote.speaker.as_deref() == Some("John Smith")), "{:?}", found[0]);
    }

    fn q(paragraphs: &[&str]) -> Vec<Quote> {
        let maps: Vec<SpanMap> = paragraphs.iter().map(|p| SpanMap::identity(0, p.len())).collect();
        let blocks: Vec<BodyText> =
            paragraphs.iter().zip(&maps).map(|(t, m)| BodyText { text: t, map: m }).collect();
        find(&blocks)
    }

    #[test]
    fn speaker_after_the_quote() {
        let r = q(&["\"We will rebuild the bridge by spring,\" Mayor Ann Lee said on Monday."]);
        assert_eq!(r[0].text, "We will rebuild the bridge by spring,");
        assert_eq!(r[0].speaker.as_deref(), Some("Ann Lee"));
        let r = q(&["“The talks went well,” said Peter Novak, the envoy."]);
        assert_eq!(r[0].speaker.as_deref(), Some("Peter Novak"));
    }

    #[test]
    fn speaker_before_the_quote_and_organisations() {
        let r = q(&["On Friday, the city council announced, \"the road will reopen next week\"."]);
        assert_eq!(r[0].speaker.as_deref(), Some("the city council"));
        let r = q(&[
            "The deputy mayor, Carla Diaz, wrote on X, saying that \"nobody asked the residents first\".",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("Carla Diaz"));
    }

    #[test]
    fn speaker_in_the_next_paragraph_and_surnames_expanded() {
        let r = q(&[
            "“Another three hundred homes were reconnected today,”",
            "The utility's director, Omar Haddad, wrote on Telegram.",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("Omar Haddad"));
        let r = q(&["Omar Haddad runs the utility.", "\"We need more crews on the ground,\" Haddad said."]);
        assert_eq!(r[1 - 1].speaker.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn a_surname_resolves_to_the_first_full_name_ending_with_it() {
        let all = "Mayor Ann Haddad spoke. Later Haddadi and Omar Haddad arrived.";
        assert_eq!(full_name(all, "Haddad"), Some("Mayor Ann Haddad"));
        // whole words only, and a name needs a capitalised word before it
        assert_eq!(full_name("Haddadi and Omar Haddadi.", "Haddad"), None);
        assert_eq!(full_name("the doctor said Haddad was right", "Haddad"), None);
        assert_eq!(
            full_name("x3Omar Haddad and Lena O’Neil-Smith", "O’Neil-Smith"),
            Some("Lena O’Neil-Smith")
        );
        assert_eq!(full_name("3Omar Haddad", "Haddad"), None);
        // a surname ends where a byte that is not a word byte comes
        assert_eq!(full_name("Hans Müller and Ann Mü", "Mü"), Some("Ann Mü"));
        assert_eq!(full_name("Hans Müller and Ann M", "M"), Some("Hans M"));
        assert_eq!(full_name("Ann Lee-Smith, Bo Lee", "Lee"), Some("Ann Lee"));
        assert_eq!(full_name("Ann Lee_Smith, Bo Lee", "Lee"), Some("Bo Lee"));
        assert_eq!(full_name("Ann Lee\u{a0}spoke", "Lee"), Some("Ann Lee"));
        assert_eq!(full_name("Ann Lee spoke", "Lee spoke"), Some("Ann Lee spoke"));
        // the longest surnames filed, and longer ones (scanned)
        for n in [198, 199, 200, 201, 202] {
            let surname = format!("L{}", "é".repeat(n - 1));
            let all = format!("a {surname}x, Ann {surname}, Bo {surname}");
            let ann = all.find("Ann").unwrap();
            assert_eq!(full_name(&all, &surname), Some(&all[ann..all.rfind(',').unwrap()]));
            let shorter = &surname[..surname.len() - 2];
            assert_eq!(full_name(&all, shorter), Some(&all[ann..ann + 4 + shorter.len()]));
        }
    }

    /// The full name from the index, checked against the scans.
    fn full_name<'a>(all: &'a str, surname: &str) -> Option<&'a str> {
        let found = FullNames::new(all).first(all, surname);
        assert_eq!(found, first_full_name(all, surname), "{surname:?} in {all:?}");
        found
    }

    /// A hash of a text's length in bytes, mod 3.
    #[derive(Default)]
    struct Collide(u64);

    impl Hasher for Collide {
        fn finish(&self) -> u64 {
            self.0 % 3
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0 += bytes.len() as u64;
        }
    }

    /// Clauses before a quote: the tail's words, words of about its
    /// longest length, white space of several kinds, its punctuation.
    const TAIL_PIECES: &[&str] = &[
        " ",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "\u{2028}",
        "\u{3000}",
        ",",
        ":",
        ";",
        ".",
        "said",
        "announced",
        "explained",
        "saying",
        "adding",
        "says",
        "that",
        "on",
        "in",
        "to",
        "Telegram",
        "x",
        "é",
        "Ж",
        "_",
        "9",
        "xxxxxxxxxxxxxxx",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Ann Lee",
        "the minister",
        "Said",
        "saidx",
    ];

    /// Text shaped like `BEFORE_TAIL`, each part sometimes a little off.
    fn tail_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        use proptest::sample::select;
        let space = || select(&[" ", "  ", "\n", "\u{a0}", "\u{3000}", ""][..]);
        // Often about the 30 characters the tail allows after "on".
        let words = prop_oneof![
            proptest::collection::vec(select(&["x", "é", "_", "9", " ", "Ж"][..]), 0..33),
            proptest::collection::vec(select(&["x", "_", "9"][..]), 28..32),
        ];
        let on = (space(), select(&["on", "in", "to", "un"][..]), space(), words)
            .prop_map(|(a, on, b, w)| format!("{a}{on}{b}{}", w.concat()));
        let saying = (select(&[",", ""][..]), space(), select(&["saying", "adding", "adds"][..]))
            .prop_map(|(c, s, w)| format!("{c}{s}{w}"));
        let that = (space(), select(&["that", "than"][..])).prop_map(|(s, t)| format!("{s}{t}"));
        let verb =
            select(&["said", "announced", "explained", "saying", "says", "saidx", "Said", "adding"][..]);
        use proptest::option::weighted as option;
        (
            space(),
            verb,
            option(0.7, on),
            option(0.7, saying),
            option(0.7, that),
            space(),
            select(&[",", ":", ";", ""][..]),
            space(),
        )
            .prop_map(|(s, v, on, saying, that, s2, p, s3)| {
                format!(
                    "{s}{v}{}{}{}{s2}{p}{s3}",
                    on.unwrap_or_default(),
                    saying.unwrap_or_default(),
                    that.unwrap_or_default()
                )
            })
    }

    #[test]
    fn the_longest_tail_is_found() {
        let tail = format!(" announced on {}, adding that:", "x".repeat(30));
        assert_eq!(tail.chars().filter(|c| !c.is_whitespace()).count(), BEFORE_TAIL_MAX_WORD_CHARS);
        for clause in [format!("Ann Lee{tail}"), format!("Ann Lee{tail} "), format!("A{tail}")] {
            assert_eq!(speaker_before(&clause), reference::speaker_before(&clause), "{clause:?}");
        }
        assert_eq!(speaker_before(&format!("Ann Lee{tail}")), Some("Ann Lee"));
    }

    /// Surnames and the text around them: capitalised words and not, the
    /// name characters, word bytes and not, letters beyond ASCII, spaces.
    const NAME_PIECES: &[&str] = &[
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        ",",
        ".",
        "-",
        "'",
        "’",
        "_",
        "3",
        "x",
        "é",
        "Ж",
        "A",
        "Ann",
        "Lee",
        "Omar",
        "Haddad",
        "Haddadi",
        "O’Neil",
        "Müller",
        "Зеленский",
        "Jean-Luc",
        "ann",
        "\"",
        "D'Arcy",
        "ǅ",
        "É",
        "—",
        "€",
        "😀",
        "Xi",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// "according to X" read by hand is the regex's `who`.
        #[test]
        fn according_to_is_the_regex(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..30)) {
            let text = parts.concat();
            for (i, _) in text.char_indices() {
                let expected = reference::according_to(&text[i..]);
                proptest::prop_assert_eq!(according_to(&text[i..]), expected, "{:?}", &text[i..]);
            }
        }

        /// Searching for the tail only near the clause end, and only when a
        /// verb is there, finds the speaker the search from the start found:
        /// in clauses of any pieces, and in clauses ending in something
        /// shaped like the tail, up to its longest.
        #[test]
        fn the_speaker_before_is_found_as_from_the_clause_start(
            parts in proptest::collection::vec(proptest::sample::select(TAIL_PIECES), 0..24),
            tail in tail_like(),
        ) {
            let clause = parts.concat();
            proptest::prop_assert_eq!(speaker_before(&clause), reference::speaker_before(&clause), "{:?}", clause);
            let clause = format!("{}{tail}", parts[..parts.len().min(4)].concat());
            proptest::prop_assert_eq!(speaker_before(&clause), reference::speaker_before(&clause), "{:?}", clause);
        }

        /// The byte-wise walk finds the name starts the walk over characters
        /// found, and no name starts after a space the quick look skips.
        #[test]
        fn name_starts_are_found_as_character_by_character(
            words in proptest::collection::vec(proptest::sample::select(NAME_PIECES), 0..30),
        ) {
            let all = words.concat();
            for at in (0..=all.len()).filter(|&i| all.is_char_boundary(i)) {
                let expected = reference::name_start(&all, at);
                proptest::prop_assert_eq!(name_start(&all, at), expected, "{} in {:?}", at, all);
                if all[..at].ends_with(' ') && after_lowercase_word(all.as_bytes(), at) {
                    proptest::prop_assert_eq!(expected, None, "{} in {:?}", at, all);
                }
            }
        }

        /// Surnames looked up in the index give the first full name a scan
        /// of the whole text gives: surnames cut from the text and others.
        #[test]
        fn full_names_from_the_index_are_the_scans(
            words in proptest::collection::vec(proptest::sample::select(NAME_PIECES), 0..30),
            cuts in proptest::collection::vec((0..100usize, 1..12usize), 0..6),
            others in proptest::collection::vec(proptest::sample::select(NAME_PIECES), 0..4),
        ) {
            let all = words.concat();
            let index = FullNames::new(&all);
            let boundaries: Vec<usize> = (0..=all.len()).filter(|&i| all.is_char_boundary(i)).collect();
            let cut = |(from, len): (usize, usize)| {
                let from = from % boundaries.len();
                &all[boundaries[from]..boundaries[(from + len).min(boundaries.len() - 1)]]
            };
            let others = others.iter().map(|o| o.trim()).chain(others.iter().copied());
            // Hashes that collide often: the scan answers for the index.
            let colliding = FullNames::with_hasher(&all, std::hash::BuildHasherDefault::<Collide>::default());
            for surname in cuts.into_iter().map(cut).chain(others) {
                let expected = first_full_name(&all, surname);
                proptest::prop_assert_eq!(index.first(&all, surname), expected, "{:?} in {:?}", surname, all);
                proptest::prop_assert_eq!(colliding.first(&all, surname), expected, "{:?} in {:?}", surname, all);
            }
        }
    }

    #[test]
    fn the_source_is_the_source_introduced_earlier() {
        let r = q(&[
            "A source in the regional administration told a local paper the plan was ready.",
            "\"The plan is ready for a vote,\" the source said.",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("A source in the regional administration"));
    }

    #[test]
    fn scare_quotes_are_not_quotations() {
        assert!(q(&["They called it an \"exchange\" of sorts."]).is_empty());
    }
}
