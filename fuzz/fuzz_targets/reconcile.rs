//! Fuzz target: split the input into up to three articles, normalise and
//! extract each, and reconcile them together. Nothing may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let facts: Vec<_> = data
        .split(|&b| b == 0xFF)
        .take(3)
        .enumerate()
        .filter_map(|(i, part)| tally_parser::normalise(&format!("a{i}.txt"), part).ok())
        .map(|doc| tally_extract::extract(&doc))
        .collect();
    let _ = tally_reconcile::reconcile(facts);
});
