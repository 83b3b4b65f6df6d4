//! `docs/diagnostics.md` must list exactly the codes `tally explain` knows,
//! with the same explanations: it is generated from `tally_model::codes`.

use std::path::Path;

#[test]
fn committed_diagnostics_doc_matches_the_codes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == tally_model::codes::markdown(),
        "{} is stale: run `cargo xtask docs` and commit the result",
        path.display()
    );
}
