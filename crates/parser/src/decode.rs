//! Bytes to text: the checks every input must pass before it is parsed
//! (UTF-8, not UTF-16, not binary, not empty), each failure located by byte
//! offset. The text is kept byte for byte (BOM and CRLF included) so that
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
    Ok(text.to_string())
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

    #[test]
    fn bom_and_crlf_are_kept_byte_for_byte() {
        let raw = "\u{feff}Title\r\n\r\nBody\r\n";
        assert_eq!(decode("x", raw.as_bytes()).unwrap(), raw);
    }
}
