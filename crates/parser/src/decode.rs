//! Bytes to text: the checks every input must pass before it is parsed
//! (UTF-8, not UTF-16, not binary, not empty, not a document of another
//! kind: PDF, RTF, HTML, an RSS/Atom feed, JSON, a list of URLs), each
//! failure located by byte offset. The text is kept byte for byte (BOM and CRLF included) so that
//! offsets into it are offsets into the file.

use tally_model::Diagnostic;

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// Decodes a file's bytes, or says precisely why it cannot be an article.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::error(path, "file is UTF-16 (byte order mark found); save it as UTF-8").at_byte(0)
        );
    }
    if let Some(i) = memchr_nul(bytes) {
        return Err(
            Diagnostic::error(path, "file contains a NUL byte: binary data, not an article").at_byte(i)
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Diagnostic::error(
                path,
                format!("not valid UTF-8 (invalid byte 0x{:02X})", bytes[e.valid_up_to()]),
            )
            .at_byte(e.valid_up_to()))
        }
    };
    if text.trim_start_matches(BOM).trim().is_empty() {
        let what = if bytes.is_empty() { "file is empty" } else { "file holds only white space" };
        return Err(Diagnostic::error(path, what));
    }
    if let Some(what) = other_document(text) {
        let at = text.len() - text.trim_start_matches(BOM).trim_start().len();
        return Err(Diagnostic::error(path, format!("file looks like {what}, not an article")).at_byte(at));
    }
    Ok(text.to_string())
}

/// What a text file is when it is a document of another kind, told by how
/// it starts (or, for JSON and URL lists, by what it all is).
fn other_document(text: &str) -> Option<&'static str> {
    let t = text.trim_start_matches(BOM).trim_start();
    // Whether the text's first 400 characters, in ASCII lowercase, start
    // with `p` (ASCII, shorter than that): read from the text's bytes, with
    // no copy of its head (every article is read here).
    let opens = |p: &str| t.as_bytes().get(..p.len()).is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()));
    if opens("%pdf-") {
        return Some("a PDF document (it starts with `%PDF-`)");
    }
    if opens("{\\rtf") {
        return Some("an RTF document (it starts with `{\\rtf`)");
    }
    let xml = opens("<?xml");
    let head = || t.chars().take(400).collect::<String>().to_ascii_lowercase();
    if opens("<rss")
        || opens("<feed")
        || (xml && {
            let head = head();
            head.contains("<rss") || head.contains("<feed")
        })
    {
        return Some("an RSS or Atom feed");
    }
    if opens("<!doctype html") || opens("<html") {
        return Some("an HTML document (save the page's text, or its Markdown)");
    }
    if xml {
        return Some("an XML document");
    }
    if t.starts_with(['{', '[']) && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() {
        return Some("a JSON document");
    }
    let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    if lines.peek().is_some()
        && lines.all(|l| crate::text::is_http_url(l.trim_matches(['<', '>'])) && !l.contains(' '))
    {
        return Some("a list of URLs");
    }
    None
}

/// The first NUL byte: memchr reads a file in wide words, where a byte loop
/// cost more than the UTF-8 check.
fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located_by_byte() {
        let e = decode("a.txt", b"Hello\n\xff world").unwrap_err();
        assert_eq!(e.byte, Some(6));
        assert!(e.to_string().starts_with("a.txt: byte 6: error: not valid UTF-8"));
    }

    #[test]
    fn utf16_binary_and_empty_are_refused() {
        assert!(decode("u", b"\xff\xfeH\x00i\x00").unwrap_err().message.contains("UTF-16"));
        assert!(decode("b", b"PK\x03\x04\x00\x00").unwrap_err().message.contains("NUL"));
        assert!(decode("e", b"").unwrap_err().message.contains("empty"));
        assert!(decode("w", b" \n\t\r\n").unwrap_err().message.contains("white space"));
    }

    proptest::proptest! {
        /// The first NUL found is the first a byte loop finds: none, one
        /// anywhere (the first and the last byte too), or several.
        #[test]
        fn the_first_nul_is_the_byte_loops(
            mut bytes in proptest::collection::vec(1..=255u8, 0..100),
            nuls in proptest::collection::vec(0..101usize, 0..3),
        ) {
            for at in nuls {
                bytes.insert(at % (bytes.len() + 1), 0);
            }
            proptest::prop_assert_eq!(memchr_nul(&bytes), bytes.iter().position(|&b| b == 0));
        }
    }

    /// [`other_document`] as it was defined: from the lowercased copy of
    /// the first 400 characters.
    fn other_document_by_head(text: &str) -> Option<&'static str> {
        let t = text.trim_start_matches(BOM).trim_start();
        let head: String = t.chars().take(400).collect::<String>().to_ascii_lowercase();
        if head.starts_with("%pdf-") {
            return Some("a PDF document (it starts with `%PDF-`)");
        }
        if head.starts_with("{\\rtf") {
            return Some("an RTF document (it starts with `{\\rtf`)");
        }
        let xml = head.starts_with("<?xml");
        if head.starts_with("<rss")
            || head.starts_with("<feed")
            || (xml && (head.contains("<rss") || head.contains("<feed")))
        {
            return Some("an RSS or Atom feed");
        }
        if head.starts_with("<!doctype html") || head.starts_with("<html") {
            return Some("an HTML document (save the page's text, or its Markdown)");
        }
        if xml {
            return Some("an XML document");
        }
        // The rest reads the text, not the head, as before.
        other_document(text).filter(|w| w.starts_with("a JSON") || w.starts_with("a list"))
    }

    proptest::proptest! {
        /// Reading the opening bytes decides as the lowercased head did.
        #[test]
        fn openings_are_read_as_from_the_lowercased_head(
            t in "(\u{feff}| |\n)?(%PDF-|%pdf|\\{\\\\RTF|<\\?XmL|<\\?xml version|<RsS|<feed|<FEE|<!DOCTYPE html|<!doctype HTM|<HTML|<htm|K|ſ|é|x)?( |x|é|<rss|<FEED|<feed>|\n){0,6}",
            any in "\\PC{0,30}",
        ) {
            for s in [&t, &any] {
                proptest::prop_assert_eq!(other_document(s), other_document_by_head(s), "{:?}", s);
            }
        }
    }

    #[test]
    fn an_rss_tag_past_the_400th_character_of_an_xml_file_is_not_read() {
        let far = format!("<?xml version=\"1.0\"?>{}<rss>", "é".repeat(400));
        assert_eq!(other_document(&far), Some("an XML document"));
        let near = format!("<?XML version=\"1.0\"?>{}<RSS>", "é".repeat(300));
        assert_eq!(other_document(&near), Some("an RSS or Atom feed"));
    }

    #[test]
    fn documents_of_other_kinds_are_refused_saying_what_they_look_like() {
        for (bytes, what) in [
            (&b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"[..], "PDF"),
            (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}\n", "RTF"),
            (b"<!DOCTYPE html>\n<html><head><title>A page</title></head><body><p>Text</p></body></html>\n", "HTML"),
            (b"  <html lang=\"en\"><body>Text</body></html>", "HTML"),
            (b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>News</title></channel></rss>\n", "feed"),
            (b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", "feed"),
            (b"{\"title\": \"A story\", \"body\": \"Text of it.\"}\n", "JSON"),
            (b"[{\"url\": \"https://example.org/a\"}]", "JSON"),
            (b"https://example.org/news/1\nhttps://example.org/news/2\n\n<https://example.com/story>\n", "list of URLs"),
        ] {
            let e = decode("in/file.txt", bytes).unwrap_err();
            assert!(e.message.contains(what) && e.message.contains("not an article"), "{what}: {e}");
            assert!(e.to_string().starts_with("in/file.txt"), "{e}");
        }
        // Articles that merely start like them are articles.
        for text in [
            "# Title\n\n[A link](https://example.org) opens the story.\n",
            "[Breaking] The council met on Monday.\n",
            "{Draft} Title\n\nText of the story.\n",
            "<p>A saved paragraph of the story.</p>\n",
            "https://example.org/story\n\nThe council met on Monday and agreed the budget.\n",
            "PDF files are refused, the council said on Monday.\n",
        ] {
            assert!(decode("a.md", text.as_bytes()).is_ok(), "{text}");
        }
    }

    #[test]
    fn bom_and_crlf_are_kept_byte_for_byte() {
        let raw = "\u{feff}Title\r\n\r\nBody\r\n";
        assert_eq!(decode("x", raw.as_bytes()).unwrap(), raw);
    }
}
