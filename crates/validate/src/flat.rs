//! A JSON text parsed into one flat vector of nodes that point into the
//! text, as a jsonschema instance representation ([`FlatJson`]). A record
//! then validates straight from the line Tally writes, instead of from a
//! `serde_json::Value` built for the purpose: a `Value` allocates every
//! string, member name and container, which cost three times the schema
//! checks themselves.
//!
//! Nodes are laid out in document order; a container's children follow it,
//! and each node records where its subtree ends, so siblings are one jump
//! apart. A string is unescaped, and a number read, only when a schema
//! keyword asks for its content (a `type` check does not).
//!
//! [`FlatDoc::parse`] accepts only texts serde_json accepts (property tests
//! hold it to that), and declines (`None`) some it does accept: objects with
//! a repeated or escaped member name (serde_json keeps the last of repeated
//! names), nesting deeper than [`MAX_DEPTH`], and texts of 4 GiB or more.
//! Callers fall back to `Value` for those, and for every invalid record, so
//! that violations are reported exactly as before.

use std::borrow::Cow;

use jsonschema::json::{cmp, Array, Json, Node, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::ser::{CompactFormatter, Formatter};
use serde_json::Value;

/// Deepest nesting of arrays and objects parsed here; serde_json's own limit
/// is 128, so anything deeper than this goes to serde_json to decide.
pub const MAX_DEPTH: usize = 100;

/// Member names compared per lookup, at most, before a members pass is
/// cheaper: a lookup here is a scan, so scanning once for all the names a
/// `required` keyword lists wins for any object of reasonable size.
const SCANNED_KEYS_PER_LOOKUP: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    True,
    False,
    Number,
    /// A string without escapes: its text is its value.
    Plain,
    /// A string with at least one escape, unescaped on demand.
    Escaped,
    Array,
    Object,
}

/// One node: what it is and where its text lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    kind: Kind,
    /// Byte range of the value's text; a string's excludes its quotes.
    start: u32,
    end: u32,
    /// Index just past this node's subtree: its next sibling, if any.
    next: u32,
    /// Elements of an array, members of an object.
    len: u32,
    /// Byte range of the member name (without quotes) of an object's member.
    name_start: u32,
    name_end: u32,
}

/// A parsed JSON text: the text and its nodes, the root first.
pub struct FlatDoc<'t> {
    text: &'t str,
    entries: Vec<Entry>,
}

impl<'t> FlatDoc<'t> {
    /// Parses `text`, reusing `entries`' allocation; `None` when serde_json
    /// would reject the text or when it is one this parser declines (see the
    /// module doc). The vector is returned by [`FlatDoc::into_entries`].
    pub fn parse(text: &'t str, mut entries: Vec<Entry>) -> Result<FlatDoc<'t>, Vec<Entry>> {
        entries.clear();
        if u32::try_from(text.len()).is_err() {
            return Err(entries);
        }
        let mut parser = Parser { bytes: text.as_bytes(), pos: 0, entries, depth: 0 };
        let parsed = parser.skip_whitespace_then_value(0, 0).is_some() && {
            parser.skip_whitespace();
            parser.pos == parser.bytes.len()
        };
        if parsed {
            Ok(FlatDoc { text, entries: parser.entries })
        } else {
            Err(parser.entries)
        }
    }

    /// The root node, for a validator built with [`FlatJson`].
    pub fn root(&self) -> FlatNode<'_> {
        FlatNode { text: self.text, entries: &self.entries, at: 0 }
    }

    /// The node vector, to reuse its allocation for the next text.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }
}

/// Whether two of the `len` members of the object at `object` share a name
/// (serde_json would keep the last; a `FlatDoc` keeps both, so it declines).
fn repeats_a_name(text: &[u8], entries: &[Entry], object: usize, len: u32) -> bool {
    const PAIRWISE: usize = 24;
    let names = {
        let mut at = object + 1;
        (0..len).map(move |_| {
            let e = &entries[at];
            at = e.next as usize;
            &text[e.name_start as usize..e.name_end as usize]
        })
    };
    // Pairwise, without allocating, for the small objects of records; sorted for large ones.
    if len as usize <= PAIRWISE {
        let mut seen: [&[u8]; PAIRWISE] = [&[]; PAIRWISE];
        for (i, name) in names.enumerate() {
            if seen[..i].contains(&name) {
                return true;
            }
            seen[i] = name;
        }
        return false;
    }
    let mut sorted: Vec<&[u8]> = names.collect();
    sorted.sort_unstable();
    sorted.windows(2).any(|pair| pair[0] == pair[1])
}

/// The bytes that end a run of a string's plain characters: its closing
/// quote, an escape, or a control character (which JSON forbids raw).
const STRING_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

struct Parser<'t> {
    bytes: &'t [u8],
    pos: usize,
    entries: Vec<Entry>,
    depth: usize,
}

impl Parser<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Parses one value, recording `name` (a byte range) as its member name.
    fn skip_whitespace_then_value(&mut self, name_start: u32, name_end: u32) -> Option<()> {
        self.skip_whitespace();
        let index = self.entries.len();
        let start = self.pos;
        let kind = match self.peek()? {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => {
                let (start, end, escaped) = self.string()?;
                let kind = if escaped { Kind::Escaped } else { Kind::Plain };
                self.push(kind, start, end, 0, name_start, name_end);
                return Some(());
            }
            b't' => self.literal(b"true", Kind::True)?,
            b'f' => self.literal(b"false", Kind::False)?,
            b'n' => self.literal(b"null", Kind::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        if !matches!(kind, Kind::Object | Kind::Array) {
            self.push(kind, start, self.pos, 0, name_start, name_end);
            return Some(());
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        self.push(kind, start, start, 0, name_start, name_end);
        let len = if kind == Kind::Object { self.members(index)? } else { self.elements()? };
        self.depth -= 1;
        let next = u32::try_from(self.entries.len()).ok()?;
        let entry = &mut self.entries[index];
        entry.end = self.pos as u32;
        entry.next = next;
        entry.len = len;
        Some(())
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize, len: u32, name_start: u32, name_end: u32) {
        let next = self.entries.len() as u32 + 1;
        // `parse` checked that every offset fits in u32.
        self.entries.push(Entry {
            kind,
            start: start as u32,
            end: end as u32,
            next,
            len,
            name_start,
            name_end,
        });
    }

    /// The members after an object's `{`, up to and including its `}`.
    fn members(&mut self, object: usize) -> Option<u32> {
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(0);
        }
        let mut len = 0u32;
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let (name_start, name_end, escaped) = self.string()?;
            if escaped {
                return None;
            }
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            self.skip_whitespace_then_value(name_start as u32, name_end as u32)?;
            len += 1;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return (!repeats_a_name(self.bytes, &self.entries, object, len)).then_some(len);
                }
                _ => return None,
            }
        }
    }

    /// The elements after an array's `[`, up to and including its `]`.
    fn elements(&mut self) -> Option<u32> {
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(0);
        }
        let mut len = 0u32;
        loop {
            self.skip_whitespace_then_value(0, 0)?;
            len += 1;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(len);
                }
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Option<Kind> {
        if !self.bytes[self.pos..].starts_with(word) {
            return None;
        }
        self.pos += word.len();
        Some(kind)
    }

    /// A number by JSON's grammar. One with a fraction, an exponent or more
    /// digits than any u64 holds is also read by serde_json, which rejects
    /// those that overflow an f64.
    fn number(&mut self) -> Option<Kind> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let integer_digits = self.pos - start;
        let mut simple = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
            simple = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
            simple = false;
        }
        if !simple || integer_digits > 18 {
            let text = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
            serde_json::from_str::<serde_json::Number>(text).ok()?;
        }
        Some(Kind::Number)
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.pos;
        self.digits();
        (self.pos > start).then_some(())
    }

    /// A string from its opening quote: the byte range inside the quotes,
    /// and whether it has escapes. Rejects raw control characters, unknown
    /// escapes and unpaired surrogates, as serde_json does.
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Byte by byte: most strings are short, where a vector search costs more than it saves.
            let stop = self.bytes[self.pos..].iter().position(|&b| STRING_STOPS[b as usize])?;
            self.pos += stop;
            match self.bytes[self.pos] {
                b'"' => {}
                b'\\' => {}
                _ => return None,
            }
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Some((start, self.pos - 1, escaped));
            }
            escaped = true;
            self.escape()?;
        }
    }

    /// One escape, from its backslash.
    fn escape(&mut self) -> Option<()> {
        self.pos += 1;
        match self.peek()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                self.pos += 1;
                Some(())
            }
            b'u' => {
                self.pos += 1;
                match self.hex4()? {
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.pos..].starts_with(b"\\u") {
                            return None;
                        }
                        self.pos += 2;
                        matches!(self.hex4()?, 0xDC00..=0xDFFF).then_some(())
                    }
                    0xDC00..=0xDFFF => None,
                    _ => Some(()),
                }
            }
            _ => None,
        }
    }

    fn hex4(&mut self) -> Option<u16> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut value = 0u16;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16)? as u16;
        }
        self.pos += 4;
        Some(value)
    }
}

impl<'t> FlatDoc<'t> {
    /// A document from `text` and the nodes [`Indexer`] recorded while
    /// writing it.
    fn indexed(text: &'t str, entries: Vec<Entry>) -> FlatDoc<'t> {
        FlatDoc { text, entries }
    }
}

/// A record serialised as compact JSON, exactly `serde_json::to_string`'s
/// bytes, with the nodes of a [`FlatDoc`] recorded as they were written, so
/// the text validates in place without being parsed again.
pub struct IndexedText {
    pub text: String,
    /// `None` when the text is one [`FlatDoc::parse`] declines.
    entries: Option<Vec<Entry>>,
}

impl IndexedText {
    /// Serialises `value`, reusing `entries`' allocation for its nodes.
    pub fn of<T: serde::Serialize + ?Sized>(
        value: &T,
        entries: Vec<Entry>,
    ) -> serde_json::Result<IndexedText> {
        let mut indexer = Indexer::new(entries);
        let mut bytes = Vec::with_capacity(1024);
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, &mut indexer);
        value.serialize(&mut serializer)?;
        // serde_json writes only UTF-8; checked anyway rather than trusted.
        let text = String::from_utf8(bytes).map_err(|e| serde::ser::Error::custom(e.to_string()))?;
        let entries = &indexer.entries;
        let complete = !indexer.declined
            && indexer.stack.is_empty()
            && !entries.is_empty()
            && entries.iter().enumerate().all(|(index, e)| {
                e.kind != Kind::Object || !repeats_a_name(text.as_bytes(), entries, index, e.len)
            });
        Ok(IndexedText { entries: complete.then_some(indexer.entries), text })
    }

    /// The document to validate, or `None` when the text must be parsed
    /// (and gives back the node vector, to reuse).
    pub fn doc(&mut self) -> Option<FlatDoc<'_>> {
        let entries = self.entries.take()?;
        Some(FlatDoc::indexed(&self.text, entries))
    }
}

/// A serde_json formatter that writes what `CompactFormatter` writes and
/// records each value's node, as [`FlatDoc::parse`] would find it.
struct Indexer {
    /// Bytes written so far.
    pos: usize,
    entries: Vec<Entry>,
    /// Open containers: their node's index and children so far.
    stack: Vec<(usize, u32)>,
    /// Inside a member name (between `begin_object_key` and `end_object_key`).
    in_name: bool,
    /// The last member name's byte range, for the value that follows it.
    name: (u32, u32),
    /// Where the string being written starts, and whether it has escapes.
    string_start: usize,
    escaped: bool,
    /// Something `FlatDoc::parse` would decline: an escaped or repeated
    /// name, a raw fragment, too deep a nesting, or offsets past u32.
    declined: bool,
}

/// Counts what a `CompactFormatter` writes.
struct Counted<'w, W: ?Sized> {
    inner: &'w mut W,
    written: usize,
}

impl<W: ?Sized + std::io::Write> std::io::Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Indexer {
    fn new(mut entries: Vec<Entry>) -> Indexer {
        entries.clear();
        Indexer {
            pos: 0,
            entries,
            stack: Vec::new(),
            in_name: false,
            name: (0, 0),
            string_start: 0,
            escaped: false,
            declined: false,
        }
    }

    /// Writes through `CompactFormatter`, counting the bytes.
    fn write<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        f: impl FnOnce(&mut Counted<'_, W>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut counted = Counted { inner: writer, written: 0 };
        let result = f(&mut counted);
        self.pos += counted.written;
        if u32::try_from(self.pos).is_err() {
            self.declined = true;
        }
        result
    }

    /// Records a value starting at the current position, named by the
    /// member name just written when its parent is an object.
    fn open(&mut self, kind: Kind, start: usize) -> usize {
        let (name_start, name_end) = match self.stack.last() {
            Some(&(parent, _)) if self.entries[parent].kind == Kind::Object => self.name,
            _ => (0, 0),
        };
        let index = self.entries.len();
        self.entries.push(Entry {
            kind,
            start: start as u32,
            end: start as u32,
            next: index as u32 + 1,
            len: 0,
            name_start,
            name_end,
        });
        index
    }

    /// A scalar written by `f`.
    fn scalar<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        kind: Kind,
        f: impl FnOnce(&mut Counted<'_, W>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.in_name {
            // A number or boolean map key, written inside quotes: part of the name.
            return self.write(writer, f);
        }
        let start = self.pos;
        let index = self.open(kind, start);
        self.write(writer, f)?;
        self.entries[index].end = self.pos as u32;
        Ok(())
    }

    fn close_container(&mut self) {
        let Some((index, len)) = self.stack.pop() else {
            self.declined = true;
            return;
        };
        let next = self.entries.len() as u32;
        let entry = &mut self.entries[index];
        entry.end = self.pos as u32;
        entry.next = next;
        entry.len = len;
    }
}

/// Every method writes what `CompactFormatter` (the default methods) writes.
impl serde_json::ser::Formatter for &mut Indexer {
    fn write_null<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.scalar(w, Kind::Null, |w| CompactFormatter.write_null(w))
    }
    fn write_bool<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: bool) -> std::io::Result<()> {
        let kind = if value { Kind::True } else { Kind::False };
        self.scalar(w, kind, |w| CompactFormatter.write_bool(w, value))
    }
    fn write_i8<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: i8) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_i8(w, value))
    }
    fn write_i16<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: i16) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_i16(w, value))
    }
    fn write_i32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: i32) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_i32(w, value))
    }
    fn write_i64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: i64) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_i64(w, value))
    }
    fn write_i128<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: i128) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_i128(w, value))
    }
    fn write_u8<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: u8) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_u8(w, value))
    }
    fn write_u16<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: u16) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_u16(w, value))
    }
    fn write_u32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: u32) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_u32(w, value))
    }
    fn write_u64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: u64) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_u64(w, value))
    }
    fn write_u128<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: u128) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_u128(w, value))
    }
    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: f32) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_f32(w, value))
    }
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, value: f64) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_f64(w, value))
    }
    fn write_number_str<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: &str,
    ) -> std::io::Result<()> {
        self.scalar(w, Kind::Number, |w| CompactFormatter.write_number_str(w, value))
    }
    fn begin_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.write(w, |w| CompactFormatter.begin_string(w))?;
        self.string_start = self.pos;
        self.escaped = false;
        Ok(())
    }
    fn end_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let (start, end) = (self.string_start, self.pos);
        if self.in_name {
            self.name = (start as u32, end as u32);
            self.declined |= self.escaped;
        } else {
            let kind = if self.escaped { Kind::Escaped } else { Kind::Plain };
            let index = self.open(kind, start);
            self.entries[index].end = end as u32;
        }
        self.write(w, |w| CompactFormatter.end_string(w))
    }
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        self.write(w, |w| CompactFormatter.write_string_fragment(w, fragment))
    }
    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        self.escaped = true;
        self.write(w, |w| CompactFormatter.write_char_escape(w, escape))
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin_container(w, Kind::Array)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.write(w, |w| CompactFormatter.end_array(w))?;
        self.close_container();
        Ok(())
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.count_child();
        self.write(w, |w| CompactFormatter.begin_array_value(w, first))
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin_container(w, Kind::Object)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.write(w, |w| CompactFormatter.end_object(w))?;
        self.close_container();
        Ok(())
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.count_child();
        self.in_name = true;
        self.write(w, |w| CompactFormatter.begin_object_key(w, first))
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.in_name = false;
        Ok(())
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.write(w, |w| CompactFormatter.begin_object_value(w))
    }
    fn write_raw_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // A `RawValue`'s text is not indexed here: the whole text gets parsed.
        self.declined = true;
        self.write(w, |w| CompactFormatter.write_raw_fragment(w, fragment))
    }
}

impl Indexer {
    fn begin_container<W: ?Sized + std::io::Write>(&mut self, w: &mut W, kind: Kind) -> std::io::Result<()> {
        if self.in_name {
            // No map key serialises as a container; serde_json fails on one.
            self.declined = true;
        }
        let start = self.pos;
        let index = self.open(kind, start);
        self.stack.push((index, 0));
        self.declined |= self.stack.len() > MAX_DEPTH;
        match kind {
            Kind::Array => self.write(w, |w| CompactFormatter.begin_array(w)),
            _ => self.write(w, |w| CompactFormatter.begin_object(w)),
        }
    }

    fn count_child(&mut self) {
        if let Some((_, len)) = self.stack.last_mut() {
            *len += 1;
        }
    }
}

/// The representation: validators built with `jsonschema::options_for::<FlatJson>()`
/// take a [`FlatNode`].
pub struct FlatJson;

impl Json for FlatJson {
    type Node<'a> = FlatNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = String;

    const KEYS_PER_LOOKUP: usize = SCANNED_KEYS_PER_LOOKUP;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>(buffer: &mut String, string: &str, f: impl FnOnce(FlatNode<'_>) -> T) -> T {
        buffer.clear();
        buffer.push_str(string);
        // A plain string's text is its value, escapes or not.
        let end = buffer.len() as u32;
        let entry = [Entry { kind: Kind::Plain, start: 0, end, next: 1, len: 0, name_start: 0, name_end: 0 }];
        f(FlatNode { text: buffer, entries: &entry, at: 0 })
    }
}

/// One node of a [`FlatDoc`]; copying it is copying three words.
#[derive(Debug, Clone, Copy)]
pub struct FlatNode<'a> {
    text: &'a str,
    entries: &'a [Entry],
    at: u32,
}

impl<'a> FlatNode<'a> {
    fn entry(&self) -> &'a Entry {
        &self.entries[self.at as usize]
    }

    fn at(&self, at: u32) -> FlatNode<'a> {
        FlatNode { at, ..*self }
    }

    /// The value's JSON text (with a string's quotes), for any node of a
    /// parsed text; the plain string nodes of `with_string_node` have none.
    fn json_text(&self) -> &'a str {
        let e = self.entry();
        match e.kind {
            Kind::Plain | Kind::Escaped => &self.text[e.start as usize - 1..e.end as usize + 1],
            _ => &self.text[e.start as usize..e.end as usize],
        }
    }

    fn plain_str(&self) -> Option<&'a str> {
        let e = self.entry();
        (e.kind == Kind::Plain).then(|| &self.text[e.start as usize..e.end as usize])
    }
}

impl<'a> Node<'a, FlatJson> for FlatNode<'a> {
    type Object = FlatObject<'a>;
    type Array = FlatArray<'a>;
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<FlatObject<'a>> {
        (self.entry().kind == Kind::Object).then_some(FlatObject(*self))
    }

    fn as_array(&self) -> Option<FlatArray<'a>> {
        (self.entry().kind == Kind::Array).then_some(FlatArray(*self))
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self.entry().kind {
            Kind::Plain => self.plain_str().map(Cow::Borrowed),
            // The parser checked every escape as serde_json does, so this reads.
            Kind::Escaped => Some(Cow::Owned(serde_json::from_str(self.json_text()).unwrap_or_default())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        if self.entry().kind != Kind::Number {
            return None;
        }
        let text = self.json_text();
        // Integers of up to 18 digits, nearly all of Tally's numbers, fit an i64;
        // the parser checked that serde_json reads the others.
        match small_integer(text) {
            Some(n) => Some(n.into()),
            None => serde_json::from_str(text).ok(),
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.entry().kind {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.entry().kind == Kind::Null
    }

    fn is_number(&self) -> bool {
        self.entry().kind == Kind::Number
    }

    fn is_string(&self) -> bool {
        matches!(self.entry().kind, Kind::Plain | Kind::Escaped)
    }

    fn json_type(&self) -> JsonType {
        match self.entry().kind {
            Kind::Null => JsonType::Null,
            Kind::True | Kind::False => JsonType::Boolean,
            Kind::Number => JsonType::Number,
            Kind::Plain | Kind::Escaped => JsonType::String,
            Kind::Array => JsonType::Array,
            Kind::Object => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        // `const` and `enum` of strings, the common case, without building a `Value`.
        match (self.plain_str(), expected) {
            (Some(text), Value::String(expected)) => text == expected,
            _ => cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match self.plain_str() {
            // Also the only kind `with_string_node` makes, whose text is not JSON.
            Some(text) => Value::String(text.to_owned()),
            // The parser accepted only what serde_json reads, so this is never `Null` by failure.
            None => serde_json::from_str(self.json_text()).unwrap_or(Value::Null),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::tagged(self.entries.as_ptr() as usize, self.at))
    }
}

/// The value of an integer literal of at most 18 digits (no fraction or
/// exponent), which an i64 always holds; `None` for others and for `-0`.
fn small_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits.bytes().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    match (negative, value) {
        // serde_json reads `-0` as the float -0.0.
        (true, 0) => None,
        (true, _) => Some(-value),
        (false, _) => Some(value),
    }
}

/// An object node's members.
pub struct FlatObject<'a>(FlatNode<'a>);

impl<'a> Object<'a, FlatJson> for FlatObject<'a> {
    type Node = FlatNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.0.entry().len as usize
    }

    fn get(&self, key: &Box<str>) -> Option<FlatNode<'a>> {
        self.members().find(|(name, _)| *name == &**key).map(|(_, node)| node)
    }

    fn members(&self) -> Members<'a> {
        Members(Children { node: self.0, next: self.0.at + 1, left: self.0.entry().len })
    }
}

/// An array node's elements.
pub struct FlatArray<'a>(FlatNode<'a>);

impl<'a> Array<'a, FlatJson> for FlatArray<'a> {
    type Node = FlatNode<'a>;
    type ElementsIter = Children<'a>;

    fn len(&self) -> usize {
        self.0.entry().len as usize
    }

    fn elements(&self) -> Children<'a> {
        Children { node: self.0, next: self.0.at + 1, left: self.0.entry().len }
    }
}

/// The children of a container, in document order.
pub struct Children<'a> {
    node: FlatNode<'a>,
    next: u32,
    left: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = FlatNode<'a>;

    fn next(&mut self) -> Option<FlatNode<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let child = self.node.at(self.next);
        self.next = child.entry().next;
        Some(child)
    }
}

/// The members of an object, with their names, in document order.
pub struct Members<'a>(Children<'a>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, FlatNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let child = self.0.next()?;
        let e = child.entry();
        Some((&child.text[e.name_start as usize..e.name_end as usize], child))
    }
}

#[cfg(test)]
mod tests;
