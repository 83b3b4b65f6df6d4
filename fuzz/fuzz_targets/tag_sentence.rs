//! Fuzz target: tag any text and read it with the claim rules. Neither may
//! panic or hang, and every tag must slice the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let tags = tally_extract::tagger::tag(text);
    for t in &tags {
        assert!(text.get(t.start..t.end).is_some(), "tag off a char boundary");
    }
    let _ = tally_extract::tagger::counts(text, &tags);
    let _ = tally_extract::tagger::dates(text, &tags);
    let doc = tally_extract::testing::article("fuzz", &[text], Some(("2025-06-11", "2025-06-11")));
    let facts = tally_extract::extract(&doc);
    assert_eq!(facts.claims.len(), facts.notes.len(), "a note per claim");
});
