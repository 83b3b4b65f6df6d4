//! Fuzz target: normalise arbitrary bytes, then extract claims. Neither may
//! panic or hang, and every span must slice the source.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = tally_parser::normalise("fuzz.txt", data) {
        for b in &doc.article.body {
            assert!(doc.source.get(b.span.start..b.span.end).is_some(), "block span off a char boundary");
        }
        let facts = tally_extract::extract(&doc);
        for c in &facts.claims {
            assert!(c.span.start <= c.span.end && c.span.end <= doc.source.len(), "claim span outside the source");
        }
    }
});
