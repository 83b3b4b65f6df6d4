//! The committed `schema/` directory must be exactly what the model
//! generates; otherwise consumers validate against stale schemas.

use std::path::Path;

#[test]
fn committed_schemas_match_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    let stale = tally_validate::stale_schema_files(&dir);
    assert!(
        stale.is_empty(),
        "schema/ is stale ({}): run `cargo xtask schema` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn committed_schemas_are_valid_draft_2020_12_schemas() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    let validator = tally_validate::Validator::from_model().unwrap();
    for s in tally_model::committed_schemas() {
        let violations = validator.validate_file(&dir.join(&s.file_name));
        assert!(violations.is_empty(), "{violations:?}");
    }
}
