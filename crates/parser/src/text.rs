//! Small text helpers shared by the parser: white space, HTML entities and
//! tags, URL checks, and the folded form used to compare paragraphs.

use tally_lexicon::cyrillic_lowercase;

/// Decodes HTML entities, drops HTML tags (and the contents of script/style
/// elements), and collapses white space.
pub fn clean_inline(s: &str) -> String {
    // Most text has neither markup nor entities.
    if memchr::memchr2(b'<', b'&', s.as_bytes()).is_none() {
        return collapse_ws(s);
    }
    // Tags are dropped before and after decoding: `&lt;b&gt;` is markup written as entities.
    collapse_ws(&strip_tags(&html_escape::decode_html_entities(&strip_tags(s))))
}

/// Removes static-site shortcodes (`{{< name … >}}`, `{{% … %}}`): template
/// calls, not text. Each is replaced by a space and white space collapsed
/// (in text with a "{{").
///
/// A shortcode is what the regex `(?s)\{\{[<%].*?[%>]\}\}` matches (the
/// tests hold this scan to it): from the first opener `{{<` or `{{%` to the
/// first `%}}` or `>}}` that starts at least 3 bytes after it. When the first
/// opener has no closer, no later one has either, so the scan stops there.
pub fn strip_shortcodes(s: &str) -> String {
    // Text without "{{" is kept as it is, its white space too.
    if memchr::memmem::find(s.as_bytes(), b"{{").is_none() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // The text not yet copied starts at `rest`.
    let mut rest = 0;
    while let Some((open, end)) = next_shortcode(s.as_bytes(), rest) {
        // The replacement space separates words, so each piece collapses alone.
        push_collapsed(&mut out, &s[rest..open]);
        rest = end;
    }
    push_collapsed(&mut out, &s[rest..]);
    out
}

/// The first shortcode at or after `from`: its start and end.
fn next_shortcode(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let open = memchr::memchr_iter(b'{', &b[from..])
        .map(|i| from + i)
        .find(|&i| b.get(i + 1) == Some(&b'{') && matches!(b.get(i + 2), Some(b'<' | b'%')))?;
    // The `}}` of a closer `%}}` or `>}}` whose first byte is at `open + 3`
    // or later. (`find_iter` skips a "}}" overlapping the one before; that
    // one follows a '}', so it closes nothing.)
    let after = open + 4;
    let close = memchr::memmem::find_iter(b.get(after..)?, b"}}")
        .map(|i| after + i)
        .find(|&j| matches!(b[j - 1], b'%' | b'>'))?;
    Some((open, close + 2))
}

/// `re`'s captures in `t`, searched for only once a match is found: the
/// search for groups allocates, and most texts tested do not match.
pub fn captures_if_match<'t>(re: &regex::Regex, t: &'t str) -> Option<regex::Captures<'t>> {
    if !re.is_match(t) {
        return None;
    }
    re.captures(t)
}

/// Collapses runs of white space into one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// Appends the words of `s` (split at Unicode white space) to `out`, each
/// after one space unless `out` is empty. The text between two runs of white
/// space is copied at once, and a single ' ' before printable ASCII (most
/// spaces) does not end it: the bytes of most text are looked at once each.
fn push_collapsed(out: &mut String, s: &str) {
    let b = s.as_bytes();
    // Printable ASCII but the space (0x21..=0x7E), and DEL.
    let plain = |c: u8| c.wrapping_sub(0x21) < 0x5F;
    let mut i = skip_ws(s, 0);
    while i < b.len() {
        let start = i;
        while i < b.len() {
            let c = b[i];
            if plain(c) {
                i += 1;
            } else if c == b' ' && b.get(i + 1).is_some_and(|&d| plain(d)) {
                i += 2;
            } else if c < 0x80 {
                if is_ascii_space(c) {
                    break;
                }
                i += 1;
            } else {
                let (white, len) = white_space_at(s, i);
                if white {
                    break;
                }
                i += len;
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..i]);
        i = skip_ws(s, i);
    }
}

/// An ASCII byte that `char::is_whitespace` accepts ('\x0B' too, unlike
/// `u8::is_ascii_whitespace`).
fn is_ascii_space(c: u8) -> bool {
    c == b' ' || (0x09..=0x0D).contains(&c)
}

/// The end of the white space that starts at `i` in `s`.
fn skip_ws(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        if b[i] < 0x80 {
            if !is_ascii_space(b[i]) {
                break;
            }
            i += 1;
        } else {
            match white_space_at(s, i) {
                (true, len) => i += len,
                _ => break,
            }
        }
    }
    i
}

/// Removes HTML tags, comments and script/style contents. Text that only
/// looks like a tag (`a < b`) is kept.
pub fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if after.starts_with("<!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        match tag_len(after) {
            Some((len, name)) => {
                let lower = name.to_ascii_lowercase();
                rest = &after[len..];
                if lower == "script" || lower == "style" {
                    rest = find_closing_tag(rest, &lower).map_or("", |j| {
                        let r = &rest[j..];
                        r.find('>').map_or("", |k| &r[k + 1..])
                    });
                } else if matches!(lower.as_str(), "p" | "br" | "div" | "li" | "tr" | "h1" | "h2" | "h3") {
                    out.push(' ');
                }
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the closing tag `</name` first starts in `s`, in any case. (Not by
/// lowercasing `s`: a page of many scripts would be copied once per script.)
fn find_closing_tag(s: &str, name: &str) -> Option<usize> {
    let (b, name) = (s.as_bytes(), name.as_bytes());
    memchr::memmem::find_iter(b, b"</")
        .find(|&at| b.get(at + 2..at + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)))
}

/// Length of an HTML tag at the start of `s` and its name, if `s` starts with one.
fn tag_len(s: &str) -> Option<(usize, &str)> {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    // `<https://…>` is an autolink, not a tag.
    if b.get(i) == Some(&b':') {
        return None;
    }
    let name = &s[name_start..i];
    // A tag does not span paragraphs; a stray '<' followed by a far '>' is
    // text. (Only that far is searched: text of many stray '<' stays linear.)
    let window = &b[i..b.len().min(i + 2001)];
    let close = memchr::memchr(b'>', window)?;
    if memchr::memmem::find(&window[..close], b"\n\n").is_some() {
        return None;
    }
    Some((i + close + 1, name))
}

/// True for an absolute http(s) URL.
pub fn is_http_url(s: &str) -> bool {
    url::Url::parse(s)
        .map(|u| (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some())
        .unwrap_or(false)
}

/// The form used to compare paragraphs: typographic quotes and dashes
/// folded, lowercased, punctuation dropped, white space collapsed.
pub fn fold(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits, copied and lowercased at once:
            // most text is ASCII, and this runs on every paragraph.
            let run = bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            let at = out.len();
            out.push_str(&s[i..i + run]);
            out[at..].make_ascii_lowercase();
            i += run;
        } else if b.is_ascii() {
            space |= b.is_ascii_whitespace() || b == 0x0b || b == b'-';
            i += 1;
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            if is_letter_or_digit(c) {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                match cyrillic_lowercase(c) {
                    Some(lower) => out.push(lower),
                    None => out.extend(c.to_lowercase()),
                }
            } else if c.is_whitespace() || matches!(c, '–' | '—') {
                space = true;
            }
        }
    }
    out
}

/// Whether `s` folds to `folded` (a [`fold`] result), comparing as it folds:
/// most texts differ from the other within a few characters, and then the
/// rest of `s` is never folded.
pub fn folds_to(s: &str, folded: &str) -> bool {
    folded_chars(s).eq(folded.chars())
}

/// Whether [`fold`]`(s)` is `prefix` followed by more, comparing as it folds.
pub fn folds_past(s: &str, prefix: &str) -> bool {
    let mut folded = folded_chars(s);
    prefix.chars().all(|c| folded.next() == Some(c)) && folded.next().is_some()
}

/// FNV-1a offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// What an ASCII byte is to [`fold`]: its lowercase if a letter or digit, 1
/// if a separator (white space or '-'), 0 if dropped.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if matches!(c, b'\t'..=b'\r' | b' ' | b'-') {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// An FNV-1a hash of at most `left` more characters.
struct Key {
    hash: u64,
    left: usize,
}

impl Key {
    /// Hashes `c`; true when no more are wanted.
    #[inline(always)]
    fn give(&mut self, c: char) -> bool {
        self.hash = (self.hash ^ c as u64).wrapping_mul(FNV_PRIME);
        self.left -= 1;
        self.left == 0
    }
}

/// FNV-1a as a `Hasher`, for sets of short words looked up per word of a
/// line (the standard SipHash costs more than the lookup's other work).
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
}

/// A map keyed by [`Fnv`]-hashed keys (such as the 64-bit keys of
/// [`fold_prefix_key`], already hashes).
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A set hashed with [`Fnv`].
pub type WordSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<Fnv>>;

/// A hash of the first `n` characters of [`fold`]`(s)` (the rest of `s` is
/// not folded): texts whose folded forms start alike get the same key. One
/// pass over bytes (it runs on every body block, and most are ASCII): the
/// characters are hashed as they are made, ASCII by a table without
/// decoding (the tests hold it to the folded characters, one at a time).
pub fn fold_prefix_key(s: &str, n: usize) -> u64 {
    let bytes = s.as_bytes();
    let mut key = Key { hash: FNV_OFFSET, left: n };
    if n == 0 {
        return key.hash;
    }
    // A separator was seen since the last word character; some character was given.
    let (mut space, mut started) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            let folded = ASCII_FOLD[b as usize];
            if folded > 1 {
                if std::mem::take(&mut space) && started && key.give(' ') {
                    break;
                }
                started = true;
                if key.give(folded as char) {
                    break;
                }
                // The rest of the run of ASCII letters and digits.
                while let Some(&f) = bytes.get(i).filter(|b| b.is_ascii()).map(|&b| &ASCII_FOLD[b as usize]) {
                    if f <= 1 {
                        break;
                    }
                    i += 1;
                    if key.give(f as char) {
                        return key.hash;
                    }
                }
            } else if folded == 1 {
                space = true;
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or_default();
        i += c.len_utf8();
        if is_letter_or_digit(c) {
            if std::mem::take(&mut space) && started && key.give(' ') {
                break;
            }
            started = true;
            let given = match cyrillic_lowercase(c) {
                Some(lower) => key.give(lower),
                None => c.to_lowercase().any(|l| key.give(l)),
            };
            if given {
                break;
            }
        } else if c.is_whitespace() || matches!(c, '–' | '—') {
            space = true;
        }
    }
    key.hash
}

/// FNV-1a over the first `n` characters: no allocation, and a collision
/// only costs the caller a full comparison. With [`folded_chars`], the
/// definition of [`fold_prefix_key`].
#[cfg(test)]
fn prefix_key(chars: impl Iterator<Item = char>, n: usize) -> u64 {
    chars.take(n).fold(FNV_OFFSET, |h, c| (h ^ c as u64).wrapping_mul(FNV_PRIME))
}

/// [`fold_prefix_key`] by its definition, for the tests that hold it to it.
#[cfg(test)]
pub(crate) fn fold_prefix_key_by_definition(s: &str, n: usize) -> u64 {
    prefix_key(folded_chars(s), n)
}

fn folded_chars(s: &str) -> Folded<'_> {
    Folded { chars: s.chars(), space: false, started: false, pending: None, lower: None }
}

/// The characters of [`fold`]`(s)`, one at a time (the definition, char by char).
struct Folded<'a> {
    chars: std::str::Chars<'a>,
    // A separator was seen since the last word character.
    space: bool,
    // Some character was given.
    started: bool,
    // A word character folded to one (ASCII or basic Cyrillic) to give
    // after the space just given.
    pending: Option<char>,
    // The rest of the lowercase form of the last non-ASCII word character.
    lower: Option<std::char::ToLowercase>,
}

impl Iterator for Folded<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.pending.take() {
            return Some(c);
        }
        if let Some(c) = self.lower.as_mut().and_then(Iterator::next) {
            return Some(c);
        }
        self.lower = None;
        loop {
            let c = self.chars.next()?;
            // ASCII and Cyrillic first: most text is, and they need no Unicode tables.
            let word = is_letter_or_digit(c);
            if !word {
                if c.is_whitespace() || matches!(c, '-' | '–' | '—') {
                    self.space = true;
                }
                continue;
            }
            let separated = std::mem::take(&mut self.space) && self.started;
            self.started = true;
            let one = if c.is_ascii() { Some(c.to_ascii_lowercase()) } else { cyrillic_lowercase(c) };
            if let Some(c) = one {
                if separated {
                    self.pending = Some(c);
                    return Some(' ');
                }
                return Some(c);
            }
            let mut lower = c.to_lowercase();
            let first = if separated { Some(' ') } else { lower.next() };
            self.lower = Some(lower);
            return first;
        }
    }
}

/// Characters below this are folded by [`LEXICON_FOLD`]: ASCII, Latin-1
/// and the basic Cyrillic block, the letters of most text Tally reads.
const TABLED: u32 = 0x460;

/// The lexicon's fold ([`tally_lexicon::fold_char`]) of each character
/// below [`TABLED`], taken from the lexicon once (`'\0'` where a fold is
/// not one character): a table folds most text without the lexicon's
/// per-character tests and Unicode case tables.
static LEXICON_FOLD: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    let mut one = String::new();
    (0..TABLED)
        .map(|u| {
            let c = char::from_u32(u).unwrap_or_default();
            one.clear();
            tally_lexicon::fold_char(c, &mut one);
            let mut folded = one.chars();
            match (folded.next(), folded.next()) {
                (Some(f), None) if f != '\0' => f,
                _ => '\0',
            }
        })
        .collect()
});

/// Appends [`tally_lexicon::fold_char`]`(c)` to `out`, by table for the
/// common characters.
#[inline]
pub fn fold_char_into(table: &[char], c: char, out: &mut String) {
    match table.get(c as usize) {
        Some(&f) if f != '\0' => out.push(f),
        _ => tally_lexicon::fold_char(c, out),
    }
}

/// Every built-in language's forms of `categories` as one regex group (no
/// capture; longest form first), matching text as the lexicon folds it: a
/// form's `'` matches the typographic apostrophes too and its `е` an `ё`
/// (case is left to the pattern's `(?i)`). No form: a group that matches
/// nothing. For patterns whose shape is the parser's and whose words are
/// the lexicon's.
pub fn lexicon_alternation(categories: &[&str]) -> String {
    let mut forms: Vec<&str> =
        categories.iter().flat_map(|&c| tally_lexicon::words_in_all(c).map(|(_, f)| f)).collect();
    forms.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    forms.dedup();
    if forms.is_empty() {
        return r"(?:[^\s\S])".to_string();
    }
    let escaped: Vec<String> =
        forms.iter().map(|f| regex::escape(f).replace('\'', "['’ʼ‘`]").replace('е', "[её]")).collect();
    format!("(?:{})", escaped.join("|"))
}

/// A regex of `shape` whose `{}`s are, in turn, the lexicon's forms of each
/// list of categories ([`lexicon_alternation`]): the shape is the parser's,
/// the words are every language's.
pub fn lexicon_pattern(shape: &str, categories: &[&[&str]]) -> regex::Regex {
    let mut built = String::with_capacity(shape.len() + 256);
    let mut parts = shape.split("{}");
    built.push_str(parts.next().unwrap_or_default());
    for (part, categories) in parts.zip(categories) {
        built.push_str(&lexicon_alternation(categories));
        built.push_str(part);
    }
    // Built from the compiled-in lexicons, which this crate's tests load.
    regex::Regex::new(&built).expect("a pattern of lexicon words")
}

/// The ASCII letters that forms of `categories` start with (lower case),
/// for [`starts_with_any`] before a pattern anchored on those forms (a form
/// starting with another character lets every non-ASCII start through,
/// as `starts_with_any` does).
pub fn lexicon_first_letters(categories: &[&str]) -> Vec<u8> {
    let mut letters: Vec<u8> = categories
        .iter()
        .flat_map(|&c| tally_lexicon::words_in_all(c))
        .filter_map(|(_, f)| f.bytes().next().filter(u8::is_ascii))
        .collect();
    letters.sort_unstable();
    letters.dedup();
    letters
}

/// The lexicon's fold table, for [`fold_char_into`].
pub fn lexicon_fold_table() -> &'static [char] {
    &LEXICON_FOLD
}

/// The fold of `t`'s first `n` characters: the start of
/// [`lexicon_fold`]`(t)`, at least `n` characters of it when `t` has that
/// many (a character folds to one or more).
pub fn lexicon_fold_prefix(t: &str, n: usize) -> String {
    let table = lexicon_fold_table();
    let mut out = String::with_capacity(n.min(t.len()));
    for c in t.chars().take(n) {
        fold_char_into(table, c, &mut out);
    }
    out
}

/// [`tally_lexicon::fold`]`(t)`, by table for the common characters. A
/// run of ASCII is copied and lowercased at once, as the lexicon folds it
/// ('`' the one ASCII character that folds to another than its lowercase;
/// a test holds the table to this): most text is ASCII, and a character at
/// a time through the table was among the costliest steps of normalising news.
pub fn lexicon_fold(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    lexicon_fold_into(t, &mut out);
    out
}

/// [`lexicon_fold`]`(t)` appended to `out` (no string of its own).
pub fn lexicon_fold_into(t: &str, out: &mut String) {
    let table = lexicon_fold_table();
    let mut rest = t;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        if run > 0 {
            tally_lexicon::fold_ascii_into(&rest[..run], out);
            rest = &rest[run..];
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            fold_char_into(table, c, out);
        }
        rest = chars.as_str();
    }
}

/// [`tally_lexicon::fold`] of `t`, its characters other than letters,
/// digits and apostrophes turned into spaces, white space collapsed, and a
/// space added each side: the form whole-word phrase tests read (" min
/// read "). One pass, with no copy of the text in between.
pub fn padded_words(t: &str) -> String {
    let table = lexicon_fold_table();
    let mut out = String::with_capacity(t.len() + 2);
    out.push(' ');
    // A separator was seen since the last character kept.
    let mut space = false;
    #[inline(always)]
    fn push(out: &mut String, space: &mut bool, f: char) {
        if is_letter_or_digit(f) || f == '\'' {
            if std::mem::take(space) && out.len() > 1 {
                out.push(' ');
            }
            out.push(f);
        } else {
            *space = true;
        }
    }
    let mut folded = String::new();
    let mut rest = t;
    while let Some(&b) = rest.as_bytes().first() {
        // A run of ASCII letters and digits is kept whole, lowercased at
        // once (most words are such runs).
        if b.is_ascii_alphanumeric() {
            let run = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
            if std::mem::take(&mut space) && out.len() > 1 {
                out.push(' ');
            }
            let at = out.len();
            out.push_str(&rest[..run]);
            out[at..].make_ascii_lowercase();
            rest = &rest[run..];
            continue;
        }
        // An ASCII byte folds to its lowercase ('`' to '\'', as
        // [`lexicon_fold`] reads runs), without decoding a character.
        if b.is_ascii() {
            push(&mut out, &mut space, if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) });
            rest = &rest[1..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        match table.get(c as usize) {
            Some(&f) if f != '\0' => push(&mut out, &mut space, f),
            _ => {
                folded.clear();
                tally_lexicon::fold_char(c, &mut folded);
                for f in folded.chars() {
                    push(&mut out, &mut space, f);
                }
            }
        }
    }
    out.push(' ');
    out
}

/// `char::is_alphabetic`, with the basic Cyrillic block (all letters)
/// answered without Unicode's tables: Russian and Ukrainian pages are
/// mostly those letters.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ('\u{400}'..='\u{45f}').contains(&c) || c.is_alphabetic()
    }
}

/// Number of words.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when the text has at most `n` words; stops counting after `n + 1`.
pub fn words_at_most(s: &str, n: usize) -> bool {
    words_up_to(s, n.saturating_add(1)) <= n
}

/// True when the text has at least `n` words; stops counting at `n`.
pub fn words_at_least(s: &str, n: usize) -> bool {
    words_up_to(s, n) >= n
}

/// The number of white-space separated words of `s` (as `split_whitespace`
/// counts them), counting no further than `cap`: one pass over bytes, which
/// decodes only the characters that can be white space (it runs on every
/// block, and Cyrillic text is all multi-byte letters).
pub fn words_up_to(s: &str, cap: usize) -> usize {
    if cap == 0 {
        return 0;
    }
    let bytes = s.as_bytes();
    // `after_space`: the last character read was white space (or none was).
    let (mut count, mut after_space, mut i) = (0, true, 0);
    while i < bytes.len() {
        // Eight bytes at a time while they hold no white space beyond ASCII
        // (most text: English, and Cyrillic, whose letters are two bytes).
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if let Some(space) = spaces_of_chunk(x) {
                let starts = !space & HIGH_BITS & (space << 8 | u64::from(after_space) << 7);
                count += high_bits_set(starts);
                after_space = space >> 63 == 1;
                i += 8;
                if count >= cap {
                    return cap;
                }
                continue;
            }
        }
        // Else those eight bytes (or the rest) a character or byte at a time.
        let end = (i + 8).min(bytes.len());
        while i < end {
            let (white, len) = white_space_at(s, i);
            i += len;
            if !white && after_space {
                count += 1;
                if count == cap {
                    return cap;
                }
            }
            after_space = white;
        }
    }
    count
}

/// For eight bytes of text (little-endian in `x`), the high bit of each
/// that is white space, when none is the lead byte of a white-space
/// character beyond ASCII (0xC2, 0xE1, 0xE2, 0xE3: see [`white_space_at`]);
/// `None` when one may be. Then the only white space among them is ASCII
/// (a character that ends in them but started before was stepped over
/// whole, by [`white_space_at`]); the other bytes of a character beyond
/// ASCII are none, and only its first can follow white space.
#[inline]
fn spaces_of_chunk(x: u64) -> Option<u64> {
    if x & HIGH_BITS == 0 {
        return Some(ascii_spaces(x));
    }
    if WHITE_SPACE_LEADS.iter().any(|&lead| has_zero_byte(x ^ (u64::from(lead) * ONES))) {
        return None;
    }
    // The ASCII bytes' spaces: the bytes' low seven bits tested, then kept
    // where the byte is ASCII.
    Some(ascii_spaces(x & !HIGH_BITS) & !x)
}

/// The lead bytes of the white-space characters beyond ASCII (U+0085,
/// U+00A0, U+1680, U+2000..=U+205F, U+3000).
const WHITE_SPACE_LEADS: [u8; 4] = [0xC2, 0xE1, 0xE2, 0xE3];

/// Whether one of the eight bytes of `v` is zero (exact: a borrow runs
/// only above a zero byte).
#[inline]
fn has_zero_byte(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGH_BITS != 0
}

/// The high bit of each of eight bytes in a word.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// 1 in each of eight bytes.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// How many bytes of `m` have their high bit set, `m` having no other bit
/// set: the bytes of `m >> 7` (each 0 or 1) summed into the top byte by one
/// multiplication (`count_ones` without a popcount instruction in the
/// target is a dozen instructions, and word counts run on every block).
#[inline]
pub(crate) fn high_bits_set(m: u64) -> usize {
    ((m >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// For eight ASCII bytes (little-endian in `x`), the high bit of each byte
/// that is white space (' ' or 0x09..=0x0D), and no other bit. Bytes below
/// 0x80 plus at most 0x7F never carry into the next byte.
#[inline]
pub(crate) fn ascii_spaces(x: u64) -> u64 {
    let t = x ^ (0x20 * ONES);
    // A byte's high bit is clear exactly when the byte of `t` is zero (x = ' ').
    let nonzero = ((t & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | t;
    let is_space = !nonzero & HIGH_BITS;
    // b >= 0x09 sets the high bit of b + 0x77; b <= 0x0D leaves b + 0x72's clear.
    let is_control_space = x.wrapping_add(0x77 * ONES) & !x.wrapping_add(0x72 * ONES) & HIGH_BITS;
    is_space | is_control_space
}

/// Whether the byte at `i` of `s` starts a white-space character, and how
/// far to step: a whole character when it may be white space, else one
/// byte. Every white-space character beyond ASCII starts with one of the
/// bytes 0xC2, 0xE1, 0xE2 or 0xE3 (the tests hold this to Unicode); the bytes
/// of other characters are stepped over one at a time, never decoded.
#[inline]
fn white_space_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (is_ascii_space(b), 1)
    } else if WHITE_SPACE_LEADS.contains(&b) {
        // A lead byte, so a character boundary.
        let c = s[i..].chars().next().unwrap_or_default();
        (c.is_whitespace(), c.len_utf8())
    } else {
        (false, 1)
    }
}

/// `char::is_alphanumeric`, with the basic Cyrillic block (all letters)
/// answered without Unicode's tables.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{400}'..='\u{45f}').contains(&c) || c.is_alphanumeric()
    }
}

/// Whether `t` starts with one of the ASCII `letters` (lowercase) in either
/// case, or with a non-ASCII character: under `(?i)` only non-ASCII
/// characters (such as 'K' and 'ſ') match ASCII letters other than
/// themselves, so an anchored pattern whose words start with `letters`
/// cannot match anything else.
pub fn starts_with_any(t: &str, letters: &[u8]) -> bool {
    t.as_bytes().first().is_some_and(|&b| b >= 0x80 || letters.contains(&b.to_ascii_lowercase()))
}

/// True when the text ends like a sentence.
pub fn ends_sentence(s: &str) -> bool {
    ends_sentence_closed(closed(s))
}

/// `s` without the white space and closing quotes or brackets that end it
/// (what is left ends its last sentence, if anything does).
pub fn closed(s: &str) -> &str {
    s.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', '»'])
}

/// [`ends_sentence`] of a text already [`closed`].
pub fn ends_sentence_closed(t: &str) -> bool {
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_bits_are_counted_as_count_ones_counts_them() {
        for bits in 0..=255u64 {
            let m = (0..8).filter(|k| bits >> k & 1 == 1).fold(0u64, |m, k| m | 0x80 << (8 * k));
            assert_eq!(high_bits_set(m), m.count_ones() as usize, "{m:#x}");
        }
    }

    #[test]
    fn html_is_reduced_to_text() {
        assert_eq!(clean_inline("<p>Hello &amp; <b>bye</b></p><script>alert(1)</script>"), "Hello & bye");
        assert_eq!(clean_inline("a < b and c > d"), "a < b and c > d");
        assert_eq!(clean_inline("x <!-- note --> y"), "x y");
    }

    #[test]
    fn script_and_style_contents_are_dropped_in_any_case() {
        assert_eq!(strip_tags("a<SCRIPT>x()</Script >b<style>p{}</STYLE>c"), "abc");
        assert_eq!(strip_tags("a<script>never closed"), "a");
        assert_eq!(strip_tags("a <b and far away"), "a <b and far away");
        let far = format!("a <b {} > c", "x".repeat(3000));
        assert_eq!(strip_tags(&far), far, "a '>' beyond 2000 bytes does not close a tag");
    }

    #[test]
    fn pages_of_many_scripts_or_stray_brackets_are_read_in_one_pass() {
        // Both took time quadratic in the count (200,000 scripts: minutes).
        let scripts = format!("<div>{}</div>", "<script>x</script>".repeat(200_000));
        assert_eq!(strip_tags(&scripts), "  ");
        let stray = "a <b ".repeat(200_000);
        assert_eq!(strip_tags(&stray), stray);
    }

    /// Pieces for the scans below: shortcode marks whole and in part, every
    /// kind of white space (ASCII, '\x0B', NEL, no-break, ideographic, line
    /// separator), ASCII and other letters, letters whose lowercase is longer
    /// or that case-fold to ASCII ('İ', 'ſ', 'K'), dashes, digits.
    const PIECES: &[&str] = &[
        "{{", "{{<", "{{%", "%}}", ">}}", "}}", "{", "}", "<", ">", "%", "{{{", "}}}", " ", "  ", "\t", "\n",
        "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{202f}",
        "\u{3000}", "\u{1}", "\u{7f}", "a", "Ab", "word", "é", "İ", "ſ", "\u{212a}", "Ж", "日本", "-", "–",
        "—", "_", "'", "’", "1", "٣", "x y",
    ];

    fn pieces(max: usize) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let piece = proptest::prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(String::from),
            1 => "\\PC{0,3}",
        ];
        proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
    }

    /// `strip_shortcodes` as it was: the regex.
    fn strip_shortcodes_by_regex(s: &str) -> String {
        static SHORTCODE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)\{\{[<%].*?[%>]\}\}").expect("valid regex"));
        if !s.contains("{{") {
            return s.to_string();
        }
        collapse_ws_by_words(&SHORTCODE.replace_all(s, " "))
    }

    /// `collapse_ws` as it was: words joined.
    fn collapse_ws_by_words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The shortcode scan removes what the regex removed.
        #[test]
        fn shortcodes_scanned_are_the_regexes(s in pieces(30)) {
            proptest::prop_assert_eq!(strip_shortcodes(&s), strip_shortcodes_by_regex(&s));
        }

        /// White space collapsed run by run is the words joined.
        #[test]
        fn collapsed_white_space_is_the_words_joined(s in pieces(30)) {
            proptest::prop_assert_eq!(collapse_ws(&s), collapse_ws_by_words(&s));
        }

        /// The key read byte by byte is the key of the folded characters,
        /// cut anywhere (inside a lowercase of two characters too).
        #[test]
        fn fold_prefix_keys_are_the_folded_characters_keys(s in pieces(30), n in 0..40usize) {
            for n in [n, usize::MAX] {
                proptest::prop_assert_eq!(fold_prefix_key(&s, n), prefix_key(folded_chars(&s), n), "{}", n);
            }
        }
    }

    /// [`padded_words`] as it was defined: folded, mapped, split and joined.
    fn padded_words_by_definition(t: &str) -> String {
        let folded: String = tally_lexicon::fold(t)
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '\'' { c } else { ' ' })
            .collect();
        format!(" {} ", folded.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    proptest::proptest! {
        /// The one-pass padded form is the folded, mapped and joined one.
        #[test]
        fn padded_words_agree_with_their_definition(s in pieces(30), any in "\\PC{0,40}", ascii in "[ -~\t\n]{0,40}") {
            for t in [&s, &any, &ascii] {
                proptest::prop_assert_eq!(padded_words(t), padded_words_by_definition(t));
            }
        }
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn white_space_starts_with_the_bytes_looked_at() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}x");
            assert_eq!(white_space_at(&s, 0).0, c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn eight_ascii_bytes_are_told_white_space_as_each_alone() {
        for b in 0u8..0x80 {
            for at in 0..8 {
                let mut bytes = *b"a-b.c,dx";
                bytes[at] = b;
                let spaces = ascii_spaces(u64::from_le_bytes(bytes));
                let expected = bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_ascii_whitespace() || **c == 0x0b)
                    .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                assert_eq!(spaces, expected, "byte {b:#04x} at {at}");
            }
        }
    }

    #[test]
    fn cyrillic_lowercase_is_unicodes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(lower) = cyrillic_lowercase(c) {
                assert_eq!(c.to_lowercase().collect::<Vec<_>>(), vec![lower], "U+{:04X}", c as u32);
            }
        }
        assert_eq!((0..=0x10FFFF).filter_map(char::from_u32).filter_map(cyrillic_lowercase).count(), 0x60);
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_around_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in
                [format!("a{c}b"), format!("{c}{c}b  word\t{c}"), format!("one two{c}three four five six")]
                    .into_iter()
                    .chain(
                        // Every offset in an eight-byte chunk, in two-byte Cyrillic letters.
                        (0..8).map(|k| format!("{}в ґд{c}жз і{c} к лм н", "a".repeat(k))),
                    )
            {
                let words = s.split_whitespace().count();
                for cap in [1, 2, 3, usize::MAX] {
                    assert_eq!(words_up_to(&s, cap), words.min(cap), "U+{:04X} {cap}", c as u32);
                }
            }
        }
    }

    #[test]
    fn the_fold_table_folds_as_the_lexicon() {
        for u in 0..0x600 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut tabled = String::new();
            fold_char_into(lexicon_fold_table(), c, &mut tabled);
            assert_eq!(tabled, tally_lexicon::fold(&c.to_string()), "U+{u:04X}");
        }
        let mixed = "Пленённые П’ЯТЬ, İstanbul ß ΣΑΣ `x` Ёж";
        assert_eq!(lexicon_fold(mixed), tally_lexicon::fold(mixed));
    }

    #[test]
    fn ascii_folds_to_its_lowercase_but_the_backtick() {
        for b in 0..0x80u8 {
            let mut tabled = String::new();
            fold_char_into(lexicon_fold_table(), char::from(b), &mut tabled);
            let expected = if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) };
            assert_eq!(tabled, expected.to_string(), "U+{b:04X}");
        }
    }

    proptest::proptest! {
        /// Folding ASCII by runs folds as the lexicon, character by character.
        #[test]
        fn lexicon_fold_by_runs_is_the_lexicon_fold(s in pieces(30), any in "\\PC{0,40}", ascii in "[ -~\t\n]{0,40}") {
            for t in [&s, &any, &ascii] {
                let by_chars: String = t.chars().map(|c| { let mut one = String::new(); tally_lexicon::fold_char(c, &mut one); one }).collect();
                proptest::prop_assert_eq!(lexicon_fold(t), by_chars.clone());
                proptest::prop_assert_eq!(lexicon_fold(t), tally_lexicon::fold(t));
            }
        }
    }

    #[test]
    fn padded_words_are_folded_whole_words() {
        assert_eq!(padded_words("  5 Min. READ — Ёлка’s `x`  "), " 5 min read елка's 'x' ");
        assert_eq!(padded_words(""), "  ");
        assert_eq!(padded_words("İ"), padded_words_by_definition("İ"));
    }

    #[test]
    fn shortcodes_are_dropped() {
        assert_eq!(strip_shortcodes("{{< img src=\"a.png\" >}}Caption text {{% note %}}"), "Caption text");
    }

    #[test]
    fn only_http_urls_pass() {
        assert!(is_http_url("https://example.org/a"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("#"));
    }

    #[test]
    fn word_bounds_agree_with_word_count() {
        for s in ["", "one", "one two", "  one \t two\nthree  ", "a b c d e f g h i"] {
            for n in 0..12 {
                assert_eq!(words_at_most(s, n), word_count(s) <= n, "{s:?} at most {n}");
                assert_eq!(words_at_least(s, n), word_count(s) >= n, "{s:?} at least {n}");
            }
        }
    }

    #[test]
    fn fold_agrees_with_its_definition() {
        // The definition, one char at a time.
        fn reference(s: &str) -> String {
            let mut out = String::new();
            let mut space = false;
            for c in s.chars() {
                if c.is_alphanumeric() {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.extend(c.to_lowercase());
                } else if c.is_whitespace() || matches!(c, '-' | '–' | '—') {
                    space = true;
                }
            }
            out
        }
        proptest::proptest!(|(s in "\\PC*")| {
            proptest::prop_assert_eq!(fold(&s), reference(&s));
            // The streaming form gives the same characters.
            let streamed: String = folded_chars(&s).collect();
            proptest::prop_assert_eq!(&streamed, &reference(&s));
            let cut: String = streamed.chars().take(5).collect();
            proptest::prop_assert_eq!(fold_prefix_key(&s, 5), prefix_key(streamed.chars(), 5));
            proptest::prop_assert_eq!(folds_past(&s, &cut), streamed.len() > cut.len());
        });
        for s in [
            "",
            "  Hello,  World!  ",
            "Café DÉJÀ-vu\u{b}x\tY\u{a0}z",
            "Soldiers’ bodies — “returned” 1,212 — İstanbul ΣΑΣ",
            "ab12CD-ef–gh—ij",
            "日本語 テキスト",
        ] {
            assert_eq!(fold(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn folds_to_compares_with_a_folded_text() {
        let folded = fold("Russia returns 1,212 bodies — officials");
        assert!(folds_to("RUSSIA  returns 1212 bodies - officials.", &folded));
        assert!(!folds_to("Russia returns 1,212 bodies", &folded), "a prefix is not equal");
        assert!(!folds_to("Russia returns 1,212 bodies — officials say", &folded), "nor a longer text");
        assert!(folds_to("", ""));
        assert!(folds_to("İ", &fold("İ")), "a character whose lowercase is two");
        assert!(folds_past("Russia returns 1,212 bodies...", "russia returns"));
        assert!(!folds_past("Russia returns", "russia returns"), "not past its end");
        assert!(!folds_past("Russia", "russia returns"));
        assert_eq!(fold_prefix_key("  Hello,  World!", 7), fold_prefix_key("HELLO W", 7));
        assert_ne!(fold_prefix_key("Hello, World!", 7), fold_prefix_key("Hello, Earth!", 7));
    }

    #[test]
    fn fold_ignores_typography() {
        assert_eq!(fold("Soldiers’ bodies — “returned”"), fold("soldiers' bodies - \"returned\""));
    }
}
